/** An event as it travels between subgraphs. */
export interface DomainEvent<P = Record<string, unknown>> {
  eventId: string;
  type: string;
  /** The subgraph that wrote it. */
  source: string;
  occurredAt: string;
  payload: P;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface SubscribeOptions {
  /**
   * A group for this process alone that needs only events from now on and may miss some while
   * stopped (a gateway instance's cache eviction): never holds events back, removed when it stops.
   */
  ephemeral?: boolean;
}

/**
 * Delivery between subgraphs. Consumers subscribe as a named group (one per service: Redis
 * Streams' consumer groups, issue 6); every group gets every event of the types it subscribed
 * to. `publish` resolves once the bus has accepted the event (for the in-process bus: once every
 * group's handlers have run).
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  subscribe(group: string, type: string, handler: EventHandler, options?: SubscribeOptions): void;
  /** The group's service stopped: its events wait for it instead of being dropped. */
  detach(group: string): void;
  close(): Promise<void>;
}

/** A group that subscribed to this event's type is stopped; the publisher keeps the event and retries. */
export class ConsumerUnavailableError extends Error {
  constructor(readonly groups: string[]) {
    super(`Event consumers not running: ${groups.join(', ')}`);
  }
}

/**
 * An event whose payload is outside its producer's contract: no retry can fix it, so the bus sets
 * it aside (logged; dead-lettered at once on Redis Streams, skipped in process) rather than
 * retrying it or holding back the events behind it.
 */
export class InvalidEventError extends Error {
  constructor(
    readonly event: DomainEvent,
    readonly issues: string,
  ) {
    super(`Event ${event.type} ${event.eventId} from ${event.source} does not match its contract: ${issues}`);
  }
}

/**
 * Embedded mode's bus: handlers run in the same process, in order. A failing handler, or a group
 * that subscribed and is now stopped, fails the publish, so the outbox keeps the event and the
 * relay tries again later; groups that already handled it skip it by event id (`consumeOnce`).
 * An invalid event (`InvalidEventError`) is logged and skipped: retrying would block the outbox.
 */
export class InProcessEventBus implements EventBus {
  constructor(private readonly log: (message: string, detail?: unknown) => void = (message, detail) => console.error(message, detail ?? '')) {}

  /** type → group → handlers; a detached group keeps its entry with no handlers. */
  private readonly groups = new Map<string, Map<string, EventHandler[]>>();
  private readonly detached = new Set<string>();
  private readonly ephemeral = new Set<string>();

  async publish(event: DomainEvent): Promise<void> {
    const unavailable: string[] = [];
    for (const [group, handlers] of this.groups.get(event.type) ?? []) {
      if (this.detached.has(group)) {
        if (!this.ephemeral.has(group)) unavailable.push(group);
        continue;
      }
      for (const handler of handlers) {
        try {
          await handler(event);
        } catch (error) {
          if (!(error instanceof InvalidEventError)) throw error;
          this.log(`event ${event.type} ${event.eventId} skipped by ${group}: invalid payload`, error.issues);
        }
      }
    }
    if (unavailable.length) throw new ConsumerUnavailableError(unavailable);
  }

  subscribe(group: string, type: string, handler: EventHandler, options: SubscribeOptions = {}): void {
    if (options.ephemeral) this.ephemeral.add(group);
    // A group subscribing again after a restart starts afresh with its new handlers.
    if (this.detached.delete(group)) for (const byGroup of this.groups.values()) byGroup.delete(group);
    const byGroup = this.groups.get(type) ?? new Map<string, EventHandler[]>();
    byGroup.set(group, [...(byGroup.get(group) ?? []), handler]);
    this.groups.set(type, byGroup);
  }

  detach(group: string): void {
    this.detached.add(group);
  }

  async close(): Promise<void> {
    this.groups.clear();
    this.detached.clear();
  }
}
