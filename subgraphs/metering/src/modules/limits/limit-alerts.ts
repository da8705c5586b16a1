import { DataSource } from 'typeorm';
import { SubscriptionPubSub, dateParameter, isUniqueViolation } from '@gatehouse/shared';
import { TokenLimitAlert } from './token-limit-alert.entity';

/** What `tokenLimitReached` subscribers hear. */
export interface LimitAlertNotice {
  organizationId: string;
  userId: string;
  /** '' for all models together. */
  model: string;
  percent: number;
  limit: number;
  used: number;
  date: string;
  at: number;
}

/** The topic of an organization's limit alerts. */
export function limitAlertTopic(organizationId: string): string {
  return `token-limit-alerts:${organizationId}`;
}

/** A member's standing on one model scope after usage was recorded. */
export interface ScopeStanding {
  userId: string;
  model: string;
  limit: number | null;
  used: number;
}

/**
 * Tells the member and the organization's limit admins when a member's usage crosses each threshold
 * (percent of their limit, 80 and 100 by default) on a model scope: once per member, scope,
 * threshold and local day, on every instance alike (the alert row's key decides who tells it).
 */
export class LimitAlerts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pubsub: SubscriptionPubSub,
    private readonly percents: readonly number[],
    private readonly now: () => number,
  ) {}

  async consider(organizationId: string, date: string, standings: readonly ScopeStanding[]): Promise<void> {
    for (const s of standings) {
      if (s.limit === null) continue;
      for (const percent of this.percents) {
        if (s.used * 100 < s.limit * percent) continue;
        const at = this.now();
        try {
          await this.dataSource.getRepository(TokenLimitAlert).insert({ organizationId, userId: s.userId, date, model: s.model, percent, sentAt: dateParameter(this.dataSource, at) as Date });
        } catch (error) {
          if (isUniqueViolation(error)) continue; // told before today
          throw error;
        }
        const notice: LimitAlertNotice = { organizationId, userId: s.userId, model: s.model, percent, limit: s.limit, used: s.used, date, at };
        this.pubsub.publish(limitAlertTopic(organizationId), notice);
      }
    }
  }
}
