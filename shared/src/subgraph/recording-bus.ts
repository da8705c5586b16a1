import { EventBus, EventHandler, SubscribeOptions } from '../events/event-bus';

/**
 * The bus as one subgraph sees it: every group it subscribes is remembered, so stopping the
 * subgraph detaches exactly its groups, and the types it subscribed can be checked against what
 * its descriptor declares it consumes.
 */
export class RecordingBus implements EventBus {
  readonly groups = new Set<string>();
  readonly types = new Set<string>();

  constructor(private readonly bus: EventBus) {}

  publish: EventBus['publish'] = (event) => this.bus.publish(event);

  subscribe(group: string, type: string, handler: EventHandler, options?: SubscribeOptions): void {
    this.groups.add(group);
    this.types.add(type);
    this.bus.subscribe(group, type, handler, options);
  }

  detach(group: string): void {
    this.bus.detach(group);
  }

  detachAll(): void {
    for (const group of this.groups) this.bus.detach(group);
  }

  /** The shared bus is the caller's to close. */
  async close(): Promise<void> {
    this.detachAll();
  }
}
