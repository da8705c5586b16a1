import { performance } from 'node:perf_hooks';
import { seedEvents } from './seed-events';
import { MeteringStack } from './stacks';
import { Figures } from './summary';

/**
 * The CSV export through the gateway's /exports/usage.csv: rows per second and the process's
 * peak memory while a million raw events stream, beside the same for a thousand (it must not grow
 * with the rows: the subgraph pages by keyset, the gateway pipes). The client counts lines as the
 * body arrives and keeps none of it. Gateway, subgraph and client share this one process.
 */
const bigRows = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const smallRows = 1000;
const from = '2026-06-01';
const to = '2026-06-30';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function download(s: MeteringStack, token: string, kind: 'EVENTS' | 'DAILY') {
  const link = await s.gql('query($filter: UsageFilter!, $kind: UsageExportKind) { usageExport(filter: $filter, kind: $kind) { url } }', { filter: { from, to, timeZone: 'UTC' }, kind }, token);
  global.gc?.();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heapUsed: base.heapUsed };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  }, 20);
  const started = performance.now();
  const response = await fetch(`${new URL(s.stack.gatewayUrl).origin}${link.usageExport.url}`);
  if (response.status !== 200 || !response.body) throw new Error(`export: HTTP ${response.status}`);
  let lines = 0;
  for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) for (const byte of piece) if (byte === 10) lines += 1;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { rows: lines - 1, seconds, rss: peak.rss - base.rss, heap: peak.heapUsed - base.heapUsed, baseRss: base.rss };
}

export async function benchExport(stacks: MeteringStack[], figures: Figures): Promise<void> {
  console.log(`CSV export through the gateway (/exports/usage.csv), ${from}..${to}; memory: peak above the level before the download (whole process)`);
  for (const s of stacks) {
    const sizes: { rows: number; token: string }[] = [];
    for (const rows of [smallRows, bigRows]) {
      const { org, population } = await s.organization(`Export ${rows}`);
      await seedEvents(s, org.id, population, rows, Date.parse(`${from}T00:00:00Z`), 30);
      sizes.push({ rows, token: org.admin.token });
    }
    for (const kind of ['EVENTS', 'DAILY'] as const) {
      const results = [];
      for (const size of sizes) results.push(await download(s, size.token, kind));
      for (const r of results) {
        console.log(`  ${s.label} ${kind.padEnd(6)} ${r.rows.toLocaleString('en-US').padStart(9)} rows: ${r.seconds.toFixed(2)} s, ${(r.rows / r.seconds).toFixed(0)} rows/s; peak RSS +${mb(r.rss)} (of ${mb(r.baseRss)}), heap used +${mb(r.heap)}`);
      }
      if (kind === 'EVENTS') {
        if (results[1].rows !== bigRows || results[0].rows !== smallRows) throw new Error(`export rows ${results.map((r) => r.rows)}`);
        const [small, big] = results;
        figures.add(`CSV EVENTS ${bigRows.toLocaleString('en-US')} rows`, s.label, `${(big.rows / big.seconds).toFixed(0)} rows/s`);
        figures.add(`CSV EVENTS peak memory, ${smallRows.toLocaleString('en-US')} -> ${bigRows.toLocaleString('en-US')} rows`, s.label, `RSS +${mb(small.rss)} -> +${mb(big.rss)}, heap +${mb(small.heap)} -> +${mb(big.heap)}`, 'flat (+<= 64 MB)', big.heap - small.heap <= 64 * 1024 * 1024 && big.rss - small.rss <= 64 * 1024 * 1024);
      } else figures.add(`CSV DAILY (${results[1].rows} rows from ${bigRows.toLocaleString('en-US')} events)`, s.label, `${results[1].seconds.toFixed(2)} s`);
    }
  }
}
