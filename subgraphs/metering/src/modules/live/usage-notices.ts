import { randomUUID } from 'node:crypto';
import { SubscriptionPubSub } from '@gatehouse/shared';

/** The pub/sub topic telling an organization's `usageUpdated` subscribers that its usage changed. */
export function usageTopic(organizationId: string): string {
  return `usage:${organizationId}`;
}

/** What a notice carries: the organization, and an id every instance hears alike (subscribers share one answer per notice). */
export interface UsageNotice {
  organizationId: string;
  notice: string;
}

/** The notice id of a pub/sub payload, or null when it is not a notice (it then shares no answer). */
export function noticeIdOf(payload: unknown): string | null {
  const notice = (payload as Partial<UsageNotice> | null)?.notice;
  return typeof notice === 'string' ? notice : null;
}

/**
 * Tells subscribers, after a commit, that an organization's usage changed: at most one notice per
 * organization per `intervalMs` from this instance. The first change after a quiet spell is sent at
 * once (a lone event should not wait a whole interval); changes during the interval that follows
 * make one more notice when it ends, which starts the next interval, so a burst of batches makes
 * one notice per interval and its last change is never left unsent. The notice carries nothing
 * but the organization and its own id: subscribers asking the same question (scope and filter) on
 * one instance share one answer per notice, each within its own permissions (see SharedAnswers).
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
      if (changed) this.publish(organizationId);
    }
    this.open.clear();
  }

  /** Publishes a notice and opens an interval; at its end, another notice if anything changed meanwhile. */
  private send(organizationId: string): void {
    this.publish(organizationId);
    const timer = setTimeout(() => {
      const ended = this.open.get(organizationId);
      this.open.delete(organizationId);
      if (ended?.changed) this.send(organizationId);
    }, this.intervalMs);
    timer.unref();
    this.open.set(organizationId, { timer, changed: false });
  }

  private publish(organizationId: string): void {
    const notice: UsageNotice = { organizationId, notice: randomUUID() };
    this.pubsub.publish(usageTopic(organizationId), notice);
  }
}
