import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DomainEvent, EventBus } from './event-bus';
import { OutboxEvent } from './outbox-event.entity';

/** Adds an event to the outbox inside the caller's transaction. */
export async function recordEvent(manager: EntityManager, type: string, payload: Record<string, unknown>): Promise<string> {
  const eventId = randomUUID();
  await manager.insert(OutboxEvent, { eventId, type, payload: JSON.stringify(payload), occurredAt: new Date(), publishedAt: null });
  return eventId;
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
      for (const row of batch) {
        const event: DomainEvent = {
          eventId: row.eventId,
          type: row.type,
          source: this.options.source,
          occurredAt: row.occurredAt.toISOString(),
          payload: JSON.parse(row.payload),
        };
        await this.options.bus.publish(event);
        await repository.update({ sequence: row.sequence }, { publishedAt: new Date() });
      }
    }
  }
}
