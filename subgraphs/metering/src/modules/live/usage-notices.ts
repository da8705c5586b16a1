import { SubscriptionPubSub } from '@gatehouse/shared';

/** The pub/sub topic telling an organization's `usageUpdated` subscribers that its usage changed. */
export function usageTopic(organizationId: string): string {
  return `usage:${organizationId}`;
}

/**
 * Tells subscribers, after a commit, that an organization's usage changed: at most one notice per
 * organization per `intervalMs` from this instance. The first change after a quiet spell is sent at
 * once (a lone event should not wait a whole interval); changes during the interval that follows
 * make one more notice when it ends, which starts the next interval, so a burst of batches makes
 * one notice per interval and its last change is never left unsent. The notice carries nothing
 * but the organization: each subscriber reads its own totals, within its own permissions.
 */
export class UsageNotices {
  /** Organizations inside an interval, and whether they changed during it. */
  private readonly open = new Map<string, { timer: NodeJS.Timeout; changed: boolean }>();

  constructor(
    private readonly pubsub: SubscriptionPubSub,
    private readonly intervalMs: number,
  ) {}

  changed(organizationId: string): void {
    const interval = this.open.get(organizationId);
    if (interval) interval.changed = true;
    else this.send(organizationId);
  }

  /** Sends what is waiting now (the app is stopping). */
  flush(): void {
    for (const [organizationId, { timer, changed }] of this.open) {
      clearTimeout(timer);
      if (changed) this.pubsub.publish(usageTopic(organizationId), { organizationId });
    }
    this.open.clear();
  }

  /** Publishes a notice and opens an interval; at its end, another notice if anything changed meanwhile. */
  private send(organizationId: string): void {
    this.pubsub.publish(usageTopic(organizationId), { organizationId });
    const timer = setTimeout(() => {
      const ended = this.open.get(organizationId);
      this.open.delete(organizationId);
      if (ended?.changed) this.send(organizationId);
    }, this.intervalMs);
    timer.unref();
    this.open.set(organizationId, { timer, changed: false });
  }
}
