import { performance } from 'node:perf_hooks';
import { postGraphQL } from '@gatehouse/shared/testing';
import { median } from '../statistics';
import { Combination, MeteringStack, combinations } from './stacks';
import { Figures } from './summary';

/**
 * Ingest through the gateway over loopback HTTP with an API key, as the platform's services
 * report: batches of 1,000 events from a few clients, and one event per call from many. Rounds
 * alternate between the setups so both see the same background load.
 */
const batchClients = Number(process.env.BENCH_INGEST_BATCH_CLIENTS ?? 4);
const batchCallsPerClient = Number(process.env.BENCH_INGEST_BATCH_CALLS ?? 3);
const singleClients = Number(process.env.BENCH_INGEST_SINGLE_CLIENTS ?? 16);
const singleCallsPerClient = Number(process.env.BENCH_INGEST_SINGLE_CALLS ?? 60);
const rounds = Number(process.env.BENCH_INGEST_ROUNDS ?? 5);
const record = 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded rejected } }';

let sequence = 0;
function eventsFor(combos: readonly Combination[], count: number, nowMs: number) {
  return Array.from({ length: count }, () => {
    const n = sequence++;
    const c = combos[(n * 7 + (n >> 3)) % combos.length];
    const llm = c.model !== null;
    return {
      id: `ingest-${n}`,
      occurredAt: new Date(nowMs - (n % 86_400) * 1000).toISOString(),
      computeType: c.computeType,
      userId: c.userId,
      spaceId: c.spaceId,
      agent: { id: c.agentId, name: c.agentName },
      provider: c.provider,
      model: c.model,
      inputTokens: llm ? 200 + (n % 1500) : 0,
      outputTokens: llm ? n % 400 : 0,
      cachedTokens: llm ? n % 100 : 0,
      costMicroUsd: 20 + (n % 5000),
    };
  });
}

/**
 * `clients` callers in parallel, each making `calls` calls of `perCall` events: events per second
 * of wall time, and per second of this process's CPU (gateway, subgraphs and clients; not the
 * database server's), which other helpers' load on the machine disturbs less.
 */
async function round(s: MeteringStack, clients: number, calls: number, perCall: number): Promise<{ wall: number; cpu: number }> {
  const combos = combinations(s.population);
  const bodies = Array.from({ length: clients }, () => Array.from({ length: calls }, () => eventsFor(combos, perCall, Date.now())));
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(bodies.map(async (mine) => {
    for (const events of mine) {
      const response = await postGraphQL(s.stack.gatewayUrl, record, { input: { events } }, { token: s.apiKey });
      if (response.errors || response.data?.recordUsage.recorded !== perCall) throw new Error(`recordUsage: ${JSON.stringify(response).slice(0, 400)}`);
    }
  }));
  const used = process.cpuUsage(cpu);
  const events = clients * calls * perCall;
  return { wall: events / ((performance.now() - started) / 1000), cpu: events / ((used.user + used.system) / 1e6) };
}

export async function benchIngest(stacks: MeteringStack[], figures: Figures): Promise<void> {
  const shapes = [
    { label: `batched: ${batchClients} clients x ${batchCallsPerClient} calls x 1,000 events`, key: 'ingest batched (1,000/call)', clients: batchClients, calls: batchCallsPerClient, perCall: 1000, target: 25_000 },
    { label: `one event per call: ${singleClients} clients x ${singleCallsPerClient} calls`, key: 'ingest one event/call', clients: singleClients, calls: singleCallsPerClient, perCall: 1, target: 1_000 },
  ];
  const only = process.env.BENCH_INGEST_SHAPES?.split(',');
  for (const shape of shapes.filter((x) => !only || only.some((o) => x.key.includes(o)))) {
    for (const s of stacks) await round(s, shape.clients, 1, shape.perCall); // warm-up
    const rates = new Map<string, number[]>(stacks.map((s) => [s.label, []]));
    const perCpu = new Map<string, number[]>(stacks.map((s) => [s.label, []]));
    console.log(`Ingest, ${shape.label}, through the gateway (events/s; ${rounds} rounds interleaved)`);
    for (let r = 0; r < rounds; r += 1) {
      const line: string[] = [];
      for (const s of stacks) {
        const rate = await round(s, shape.clients, shape.calls, shape.perCall);
        rates.get(s.label)!.push(rate.wall);
        perCpu.get(s.label)!.push(rate.cpu);
        line.push(`${s.label} ${rate.wall.toFixed(0)} (${rate.cpu.toFixed(0)} per CPU-s)`);
      }
      console.log(`  round ${r + 1}: ${line.join('   ')}`);
    }
    for (const s of stacks) {
      const values = rates.get(s.label)!;
      console.log(`  ${s.label.padEnd(14)} ${Math.min(...values).toFixed(0)}..${Math.max(...values).toFixed(0)} events/s, median ${median(values).toFixed(0)}; per CPU-second of this process: median ${median(perCpu.get(s.label)!).toFixed(0)}`);
      figures.add(shape.key, s.label, `${median(values).toFixed(0)} events/s (${median(perCpu.get(s.label)!).toFixed(0)} per CPU-s)`, `>= ${shape.target.toLocaleString('en-US')}/s`, median(values) >= shape.target);
    }
  }
}
