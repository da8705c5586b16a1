import { DataSource } from 'typeorm';
import { ensureMonthsAhead } from './raw-event-months';
import { pruneFinishedHolds } from '../limits/prune-finished-holds';

export interface PartitionMaintenanceOptions {
  dataSource: DataSource;
  now: () => number;
  /** Months after the current one that always have their partition (3: a quarter of slack if maintenance stops). */
  monthsAhead?: number;
  /** How often it runs after the first pass (a day). */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Keeps the months ahead partitioned on MySQL: once as metering starts, then daily. Idempotent and
 * safe with several instances (a named lock; whoever does not get it skips that pass). If it stops
 * running, nothing breaks: new events land in the catch-all partition until it runs again. The same
 * daily pass removes finished token holds and old limit alert records (deleting is idempotent too).
 */
export class PartitionMaintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PartitionMaintenanceOptions) {}

  /** One pass: the partitions it added. */
  run(): Promise<string[]> {
    const pass = this.running.then(async () => {
      const added = await ensureMonthsAhead(this.options.dataSource, this.options.now(), this.options.monthsAhead ?? 3);
      await pruneFinishedHolds(this.options.dataSource, this.options.now());
      return added;
    });
    this.running = pass.catch((error) => this.options.onError?.(error));
    return pass;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run().catch(() => undefined), this.options.intervalMs ?? 86_400_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
