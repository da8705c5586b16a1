import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DomainEvent, EventBus, EventHandler, InvalidEventError, SubscribeOptions } from './event-bus';

export interface RedisStreamsBusOptions {
  url: string;
  /** The stream every event goes to (one stream keeps events in publication order). */
  stream: string;
  /** A failing event is tried this many times per group, then moved to `<stream>:dead`. */
  maxDeliveries: number;
  /** An event left unacknowledged this long (its consumer died, or its handler failed) is claimed again. */
  claimIdleMs: number;
  /** The stream keeps about this many events (XADD MAXLEN ~). */
  maxLength: number;
  blockMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

/**
 * Distributed mode's bus on Redis Streams: every service is a consumer group, so each event is
 * handled once per service however many instances run; an instance acknowledges what it handled,
 * and what a dead instance left pending is claimed by another after `claimIdleMs`. Events that keep
 * failing go to a dead-letter stream instead of blocking the group; so does, at once, an event
 * outside its producer's contract (`InvalidEventError`).
 */
export class RedisStreamsEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly workers = new Map<string, GroupWorker>();
  /** This process's name in every group: instances of a service share a group, never a name. */
  readonly consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  constructor(private readonly options: RedisStreamsBusOptions) {
    this.publisher = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.publisher.xadd(this.options.stream, 'MAXLEN', '~', String(this.options.maxLength), '*', 'type', event.type, 'event', JSON.stringify(event));
  }

  subscribe(group: string, type: string, handler: EventHandler, options: SubscribeOptions = {}): void {
    let worker = this.workers.get(group);
    if (!worker || worker.stopped) {
      worker = new GroupWorker(this.options, group, this.consumer, options.ephemeral ?? false);
      this.workers.set(group, worker);
      worker.start();
    }
    worker.handle(type, handler);
  }

  detach(group: string): void {
    void this.workers.get(group)?.stop();
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    this.workers.clear();
    await this.publisher.quit().catch(() => undefined);
  }
}

type StreamEntry = [id: string, fields: string[]];

class GroupWorker {
  private readonly handlers = new Map<string, EventHandler[]>();
  private readonly connection: Redis;
  private loop: Promise<void> | null = null;
  stopped = false;

  constructor(
    private readonly options: RedisStreamsBusOptions,
    private readonly group: string,
    private readonly consumer: string,
    /** A group for one process only (a gateway's cache eviction): new events only, removed when it stops. */
    private readonly ephemeral: boolean,
  ) {
    // Blocking reads hold their connection: one per group.
    this.connection = new Redis(options.url, { maxRetriesPerRequest: null });
  }

  handle(type: string, handler: EventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  start(): void {
    this.loop = this.run().catch((error) => this.options.log?.(`event consumer ${this.group} stopped`, error));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection.disconnect();
    // A handler that never returns must not hold the process: what it had stays pending for another instance.
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    if (this.ephemeral) {
      const cleanup = new Redis(this.options.url);
      await cleanup.xgroup('DESTROY', this.options.stream, this.group).catch(() => undefined);
      await cleanup.quit().catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    const { stream } = this.options;
    try {
      // A service's group starts at the beginning of the stream: events published before it first ran are not lost.
      await this.connection.xgroup('CREATE', stream, this.group, this.ephemeral ? '$' : '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    let claimCursor = '0-0';
    while (!this.stopped) {
      try {
        const [next, claimed] = (await this.connection.xautoclaim(stream, this.group, this.consumer, this.options.claimIdleMs, claimCursor, 'COUNT', 50)) as [string, StreamEntry[]];
        claimCursor = next;
        for (const entry of claimed) await this.process(entry);
        const read = (await this.connection.xreadgroup('GROUP', this.group, this.consumer, 'COUNT', 50, 'BLOCK', this.options.blockMs ?? 1000, 'STREAMS', stream, '>')) as [string, StreamEntry[]][] | null;
        for (const [, entries] of read ?? []) for (const entry of entries) await this.process(entry);
      } catch (error) {
        if (this.stopped) return;
        this.options.log?.(`event consumer ${this.group} failed; retrying`, error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async process([id, fields]: StreamEntry): Promise<void> {
    const raw = fields[fields.indexOf('event') + 1];
    const event = JSON.parse(raw) as DomainEvent;
    const handlers = this.handlers.get(event.type) ?? [];
    try {
      // A few quick tries first: most failures are another service's event not applied yet (ordering).
      for (let attempt = 0; ; attempt += 1) {
        try {
          for (const handler of handlers) await handler(event);
          break;
        } catch (error) {
          if (attempt >= 2 || this.stopped || error instanceof InvalidEventError) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
        }
      }
      await this.connection.xack(this.options.stream, this.group, id);
    } catch (error) {
      // Left pending: claimed again after claimIdleMs, until it has failed maxDeliveries times.
      const pending = (await this.connection.xpending(this.options.stream, this.group, id, id, 1)) as [string, string, number, number][];
      const deliveries = pending[0]?.[3] ?? 1;
      this.options.log?.(`event ${event.type} ${event.eventId} failed in ${this.group} (delivery ${deliveries})`, error);
      // An invalid payload fails the same way every time: dead-lettered at once.
      if (deliveries >= this.options.maxDeliveries || error instanceof InvalidEventError) {
        await this.connection.xadd(`${this.options.stream}:dead`, '*', 'group', this.group, 'event', raw, 'error', String(error).slice(0, 1000));
        await this.connection.xack(this.options.stream, this.group, id);
      }
    }
  }
}
