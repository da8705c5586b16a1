import { benchDashboard } from './metering/dashboard';
import { benchExport } from './metering/export';
import { benchIngest } from './metering/ingest';
import { benchLive } from './metering/live';
import { benchLimits } from './metering/limits';
import { MeteringStack, backends, startMeteringStack } from './metering/stacks';
import { Figures } from './metering/summary';

/**
 * Metering at scale, on SQLite and on MariaDB (+ Redis pub/sub for live usage) side by side:
 * ingest through the gateway, the 90-day dashboard at 10 million events, the CSV export of a
 * million rows, live usage with 1,000 subscribers, and daily token limits (reservations, and the
 * limit check's cost on ingest). BENCH_METERING_PARTS=ingest,limits,dashboard,…
 * runs some parts; BENCH_METERING_EVENTS scales the 10 million down for a quick run.
 */
const parts = (process.env.BENCH_METERING_PARTS ?? 'ingest,limits,dashboard,export,live').split(',');

export async function benchMetering(): Promise<void> {
  const figures = new Figures();
  const stacks: MeteringStack[] = [];
  try {
    for (const backend of backends) stacks.push(await startMeteringStack(backend));
    if (parts.includes('ingest')) await benchIngest(stacks, figures);
    if (parts.includes('limits')) await benchLimits(stacks, figures);
    if (parts.includes('dashboard')) await benchDashboard(stacks, figures);
    if (parts.includes('export')) await benchExport(stacks, figures);
    if (parts.includes('live')) await benchLive(stacks, figures);
  } finally {
    for (const s of stacks) await s.stop();
  }
  figures.print();
}
