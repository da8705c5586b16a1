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

/**
 * Delivery between subgraphs. `publish` resolves once the bus has accepted the event (for the
 * in-process bus: once every handler has run). Redis Streams comes behind the same interface.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  subscribe(type: string, handler: EventHandler): void;
  close(): Promise<void>;
}

/**
 * Embedded mode's bus: handlers run in the same process, in order. A failing handler fails the
 * publish, so the outbox keeps the event and the relay tries again later.
 */
export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<string, EventHandler[]>();

  async publish(event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) await handler(event);
  }

  subscribe(type: string, handler: EventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
