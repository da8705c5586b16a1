import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DomainEvent, EventBus } from './event-bus';
import { OutboxEvent } from './outbox-event.entity';

/** Adds an event to the outbox inside the caller's transaction. */
export async function recordEvent(manager: EntityManager, type: string, payload: Record<string, unknown>): Promise<string> {
  const eventId = randomUUID();
  await manager.insert(OutboxEvent, { eventId, type, payload: JSON.stringify(payload), occurredAt: new Date(), publishedAt: null });
  return eventId;
}

/** Rows per multi-row INSERT into the outbox (a bulk change records many events in one transaction). */
const recordChunk = 100;

/** Records many events in the caller's transaction, in order, a hundred rows per statement. */
export async function recordEvents(manager: EntityManager, events: readonly { type: string; payload: Record<string, unknown> }[]): Promise<string[]> {
  const occurredAt = new Date();
  const rows = events.map((e) => ({ eventId: randomUUID(), type: e.type, payload: JSON.stringify(e.payload), occurredAt, publishedAt: null }));
  for (let i = 0; i < rows.length; i += recordChunk) await manager.insert(OutboxEvent, rows.slice(i, i + recordChunk));
  return rows.map((r) => r.eventId);
}

export interface OutboxRelayOptions {
  source: string;
  dataSource: DataSource;
  bus: EventBus;
  pollMs: number;
  onError?: (error: unknown) => void;
}

/**
 * Publishes committed outbox events in order and marks them published. Runs after each write
 * (`flush`) and on a timer, so events left behind by a crash or a failed handler go out later.
 * Delivery is at least once: consumers ignore event ids they have processed.
 */
export class OutboxRelay {
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: OutboxRelayOptions) {}

  /** Publishes everything pending; concurrent calls queue behind one another. */
  flush(): Promise<void> {
    const next = this.running.then(() => this.publishPending());
    this.running = next.catch((error) => this.options.onError?.(error));
    return next;
  }

  /**
   * What services call after committing a change: publish now when this process's bus reaches
   * the consumers (embedded mode), otherwise nothing: the events wait in the outbox for a bus that
   * can carry them. A failed publish is logged and retried by the timer.
   */
  afterCommit(publishNow: boolean): () => Promise<void> {
    if (!publishNow) return async () => undefined;
    return () => this.flush().catch((error) => this.options.onError?.(error));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async publishPending(): Promise<void> {
    const repository = this.options.dataSource.getRepository(OutboxEvent);
    for (;;) {
      const batch = await repository.find({ where: { publishedAt: IsNull() }, order: { sequence: 'ASC' }, take: 100 });
      if (batch.length === 0) return;
      const published: number[] = [];
      try {
        for (const row of batch) {
          const event: DomainEvent = {
            eventId: row.eventId,
            type: row.type,
            source: this.options.source,
            occurredAt: row.occurredAt.toISOString(),
            payload: JSON.parse(row.payload),
          };
          await this.options.bus.publish(event);
          published.push(row.sequence);
        }
      } finally {
        // One statement for what went out (a crash before it republishes them: consumers skip event ids they processed).
        if (published.length) await repository.update({ sequence: In(published) }, { publishedAt: new Date() });
      }
    }
  }
}
