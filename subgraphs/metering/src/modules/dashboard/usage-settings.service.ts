import { DataSource, EntityManager } from 'typeorm';
import { MemberViewer, RuleViolation, findLocked, ok, refused } from '@gatehouse/shared';
import { MeteringResult } from '../../errors/metering-error-code';
import { recordMeteringEvent } from '../../events';
import { LocalDay, isTimeZone, localDayAt } from './local-days';
import { UsageSettings } from './usage-settings.entity';

/** The zone an organization's days are counted in until an admin sets one. */
export const defaultUsageTimeZone = 'UTC';

/** The organization's usage time zone (UTC until set); an EntityManager reads it inside that transaction. */
export async function organizationTimeZone(db: DataSource | EntityManager, organizationId: string): Promise<string> {
  return (await db.getRepository(UsageSettings).findOneBy({ organizationId }))?.timeZone ?? defaultUsageTimeZone;
}

export interface UsageSettingsValue {
  organizationId: string;
  timeZone: string;
}

/**
 * The organization's analytics settings: the time zone its days are counted in, by the dashboard
 * when a filter names none, and by whatever else speaks of "the organization's day" (daily limits).
 */
export class UsageSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    /** Hands the outbox event (identity's audit log) to the relay (the kit's `afterCommit`). */
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async of(organizationId: string): Promise<UsageSettingsValue> {
    return { organizationId, timeZone: await organizationTimeZone(this.dataSource, organizationId) };
  }

  /** The organization's day at an instant: its date, and the instants it begins and ends at (its next midnight). */
  async dayAt(organizationId: string, epochMs: number): Promise<LocalDay> {
    return localDayAt(epochMs, await organizationTimeZone(this.dataSource, organizationId));
  }

  /**
   * Sets the time zone (as named, trimmed), audited as USAGE_SETTINGS_CHANGED with before and after:
   * the change and its outbox event commit together, under the row's lock, so concurrent changes each
   * record the value they replaced. Setting the zone it already has changes and records nothing.
   */
  async update(actor: MemberViewer, input: { timeZone: string }): Promise<MeteringResult<UsageSettingsValue>> {
    // Stored as named: ICU's "canonical" names are the legacy ones (Asia/Katmandu, Asia/Calcutta).
    const timeZone = input.timeZone.trim();
    if (!isTimeZone(timeZone)) return refused(new RuleViolation('INVALID_TIME_ZONE', `Unknown time zone ${JSON.stringify(input.timeZone.slice(0, 64))}: use an IANA name such as Europe/Berlin.`, ['input', 'timeZone']));
    const { organizationId } = actor;
    // The row first, outside the transaction (INSERT IGNORE: concurrent callers agree), so there is a row to lock.
    await this.dataSource.createQueryBuilder().insert().into(UsageSettings).values({ organizationId, timeZone: defaultUsageTimeZone }).orIgnore().execute();
    const changed = await this.dataSource.transaction(async (manager) => {
      const before = (await findLocked(manager, UsageSettings, { organizationId }))?.timeZone ?? defaultUsageTimeZone;
      if (before === timeZone) return false;
      await manager.update(UsageSettings, { organizationId }, { timeZone });
      await recordMeteringEvent(manager, 'usage_settings.changed', { organizationId, actorId: actor.accountId, before: { timeZone: before }, after: { timeZone } });
      return true;
    });
    if (changed) await this.afterCommit();
    return ok({ organizationId, timeZone });
  }
}
