import { performance } from 'node:perf_hooks';
import { median } from '../statistics';
import { day, seedEvents } from './seed-events';
import { MeteringStack, describePopulation } from './stacks';
import { Figures } from './summary';

/**
 * A 90-day dashboard (`usage` through the gateway) of an organization with 10 million events
 * beside one with 100,000, and the same answer computed from the raw events. The rollups' cost
 * grows with their rows (hours x combinations present), not with events: both sizes are printed.
 */
const bigEvents = Number(process.env.BENCH_METERING_EVENTS ?? 10_000_000);
const smallEvents = Number(process.env.BENCH_METERING_SMALL_EVENTS ?? 100_000);
const rounds = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 9);
const from = '2026-06-01';
const to = '2026-08-29';
const startMs = Date.parse(`${from}T00:00:00Z`);
const endMs = Date.parse(`${to}T00:00:00Z`) + day;
export const dashboardQuery = `query($filter: UsageFilter!) {
  usage(filter: $filter) {
    costMicroUsd inputTokens outputTokens cachedTokens events
    daily { date costMicroUsd events byComputeType { computeType costMicroUsd events } }
    topAgents { agentId agentName costMicroUsd }
    byModel { provider model costMicroUsd inputTokens }
    bySpace { space { id } costMicroUsd }
    byUser { user { id } costMicroUsd }
  }
}`;

interface Answer { costMicroUsd: number; inputTokens: number; outputTokens: number; cachedTokens: number; events: number; daily: Map<string, number> }

/** The dashboard's figures from usage_event: one pass grouped by day and every dimension, folded like the service folds rollup rows. */
async function fromRaw(s: MeteringStack, organizationId: string): Promise<{ ms: number; answer: Answer }> {
  const dayOf = s.mysql ? 'DATE(occurredAt)' : 'substr(occurredAt, 1, 10)';
  const started = performance.now();
  const rows: Record<string, unknown>[] = await s.dataSource.query(
    `SELECT ${dayOf} AS d, computeType, spaceId, agentId, userId, provider, model, SUM(costMicroUsd) AS cost, SUM(inputTokens) AS input, SUM(outputTokens) AS output, SUM(cachedTokens) AS cached, COUNT(*) AS events
     FROM usage_event WHERE organizationId = ? AND occurredAt >= ? AND occurredAt < ? GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    [organizationId, ...[startMs, endMs].map((t) => (s.mysql ? new Date(t) : new Date(t).toISOString().replace('T', ' ').replace('Z', '')))],
  );
  const answer: Answer = { costMicroUsd: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, events: 0, daily: new Map() };
  for (const r of rows) {
    const cost = Number(r.cost);
    answer.costMicroUsd += cost;
    answer.inputTokens += Number(r.input);
    answer.outputTokens += Number(r.output);
    answer.cachedTokens += Number(r.cached);
    answer.events += Number(r.events);
    const key = `${r.d instanceof Date ? r.d.toISOString().slice(0, 10) : String(r.d)} ${r.computeType}`;
    answer.daily.set(key, (answer.daily.get(key) ?? 0) + cost);
  }
  return { ms: performance.now() - started, answer };
}

function fromRollups(usage: Record<string, any>): Answer { // eslint-disable-line @typescript-eslint/no-explicit-any
  const daily = new Map<string, number>();
  for (const d of usage.daily) for (const t of d.byComputeType) daily.set(`${d.date} ${t.computeType}`, t.costMicroUsd);
  return { costMicroUsd: usage.costMicroUsd, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedTokens: usage.cachedTokens, events: usage.events, daily };
}

function same(a: Answer, b: Answer): boolean {
  const keys = new Set([...a.daily.keys(), ...b.daily.keys()]);
  return a.costMicroUsd === b.costMicroUsd && a.inputTokens === b.inputTokens && a.outputTokens === b.outputTokens && a.cachedTokens === b.cachedTokens && a.events === b.events && [...keys].every((k) => a.daily.get(k) === b.daily.get(k));
}

export async function benchDashboard(stacks: MeteringStack[], figures: Figures): Promise<void> {
  const sizes = [smallEvents, bigEvents];
  console.log(`Dashboard: usage(filter: { from: "${from}", to: "${to}", timeZone: "UTC" }) (90 days; totals, daily x compute type, top agents, models, spaces, users)`);
  for (const s of stacks) {
    const orgs: { events: number; token: string; id: string; rollupRows: number }[] = [];
    for (const events of sizes) {
      const { org, population } = await s.organization(`Usage ${events}`);
      if (orgs.length === 0) console.log(`  population (the same at every size): ${describePopulation(population)}`);
      const seconds = await seedEvents(s, org.id, population, events, startMs, 90);
      const [{ n: rows }] = await s.dataSource.query('SELECT COUNT(*) AS n FROM usage_hourly WHERE organizationId = ? AND bucket >= ? AND bucket < ?', [org.id, startMs / 3_600_000, endMs / 3_600_000]);
      orgs.push({ events, token: org.admin.token, id: org.id, rollupRows: Number(rows) });
      console.log(`  ${s.label}: seeded ${events.toLocaleString('en-US')} events in ${seconds.events.toFixed(1)} s, with their rollups ${seconds.total.toFixed(1)} s (${(events / seconds.total).toFixed(0)} events/s); the 90 days read ${Number(rows).toLocaleString('en-US')} hourly rollup rows`);
      figures.add(`seed ${events.toLocaleString('en-US')} events + rollups`, s.label, `${seconds.total.toFixed(1)} s (events ${seconds.events.toFixed(1)} s)`);
    }
    const variables = { filter: { from, to, timeZone: 'UTC' } };
    const times = orgs.map(() => [] as number[]);
    const answers: Answer[] = [];
    for (let r = -2; r < rounds; r += 1) {
      for (const [i, o] of orgs.entries()) {
        const started = performance.now();
        const data = await s.gql(dashboardQuery, variables, o.token);
        if (r >= 0) times[i].push(performance.now() - started);
        answers[i] = fromRollups(data.usage);
      }
    }
    const raw: { ms: number; answer: Answer }[] = [];
    for (const o of orgs) raw.push(await fromRaw(s, o.id));
    const [small, big] = times.map(median);
    for (const [i, o] of orgs.entries()) {
      console.log(`  ${s.label} ${o.events.toLocaleString('en-US').padStart(10)} events: rollups ${median(times[i]).toFixed(1)} ms (median of ${rounds}, ${Math.min(...times[i]).toFixed(1)}..${Math.max(...times[i]).toFixed(1)}), from raw events ${raw[i].ms.toFixed(0)} ms (SQL alone, one run); totals equal: ${same(raw[i].answer, answers[i]) ? 'yes' : 'NO'} (${answers[i].events} events)`);
    }
    console.log(`  ${s.label}: ${bigEvents.toLocaleString('en-US')} / ${smallEvents.toLocaleString('en-US')} events: ${(big / small).toFixed(2)}x the time, ${(orgs[1].rollupRows / orgs[0].rollupRows).toFixed(2)}x the rollup rows; raw / rollups at ${bigEvents.toLocaleString('en-US')}: ${(raw[1].ms / big).toFixed(0)}x`);
    figures.add('dashboard 90 d, rollup rows read', s.label, `${orgs[0].rollupRows} -> ${orgs[1].rollupRows} hourly rows (${smallEvents} -> ${bigEvents} events)`);
    figures.add(`dashboard ${bigEvents.toLocaleString('en-US')} vs ${smallEvents.toLocaleString('en-US')} events`, s.label, `${big.toFixed(1)} vs ${small.toFixed(1)} ms = ${(big / small).toFixed(2)}x`, '<= 1.5x', big / small <= 1.5);
    figures.add(`dashboard raw vs rollups at ${bigEvents.toLocaleString('en-US')}`, s.label, `${raw[1].ms.toFixed(0)} vs ${big.toFixed(1)} ms = ${(raw[1].ms / big).toFixed(0)}x`, '>= 100x', raw[1].ms / big >= 100);
    figures.add('dashboard raw totals = rollup totals', s.label, orgs.every((_, i) => same(raw[i].answer, answers[i])) ? 'yes' : 'NO', 'equal', orgs.every((_, i) => same(raw[i].answer, answers[i])));
  }
}
