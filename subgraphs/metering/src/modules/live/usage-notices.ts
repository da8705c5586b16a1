import { SubscriptionPubSub } from '@gatehouse/shared';

/** The pub/sub topic telling an organization's `usageUpdated` subscribers that its usage changed. */
export function usageTopic(organizationId: string): string {
  return `usage:${organizationId}`;
}

/**
 * Tells subscribers, after a commit, that an organization's usage changed: at most one notice per
 * organization per `intervalMs` from this instance (a burst of batches makes one notice, sent when
 * the interval ends). The notice carries nothing but the organization: each subscriber reads its
 * own totals, within its own permissions.
 */
export class UsageNotices {
  private readonly waiting = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly pubsub: SubscriptionPubSub,
    private readonly intervalMs: number,
  ) {}

  changed(organizationId: string): void {
    if (this.waiting.has(organizationId)) return;
    const timer = setTimeout(() => {
      this.waiting.delete(organizationId);
      this.pubsub.publish(usageTopic(organizationId), { organizationId });
    }, this.intervalMs);
    timer.unref();
    this.waiting.set(organizationId, timer);
  }

  /** Sends what is waiting now (the app is stopping). */
  flush(): void {
    for (const [organizationId, timer] of this.waiting) {
      clearTimeout(timer);
      this.pubsub.publish(usageTopic(organizationId), { organizationId });
    }
    this.waiting.clear();
  }
}
