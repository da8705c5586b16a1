import { DataSource } from 'typeorm';
import { MemberViewer, RuleViolation, ok, refused } from '@gatehouse/shared';
import { MeteringResult } from '../../errors/metering-error-code';
import { LocalDay, isTimeZone, localDayAt } from './local-days';
import { UsageSettings } from './usage-settings.entity';

/** The zone an organization's days are counted in until an admin sets one. */
export const defaultUsageTimeZone = 'UTC';

/** The organization's usage time zone (UTC until set). */
export async function organizationTimeZone(dataSource: DataSource, organizationId: string): Promise<string> {
  return (await dataSource.getRepository(UsageSettings).findOneBy({ organizationId }))?.timeZone ?? defaultUsageTimeZone;
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
  constructor(private readonly dataSource: DataSource) {}

  async of(organizationId: string): Promise<UsageSettingsValue> {
    return { organizationId, timeZone: await organizationTimeZone(this.dataSource, organizationId) };
  }

  /** The organization's day at an instant: its date, and the instants it begins and ends at (its next midnight). */
  async dayAt(organizationId: string, epochMs: number): Promise<LocalDay> {
    return localDayAt(epochMs, await organizationTimeZone(this.dataSource, organizationId));
  }

  /** Sets the time zone (as named, trimmed); one row per organization, so concurrent changes end with one of them. */
  async update(actor: MemberViewer, input: { timeZone: string }): Promise<MeteringResult<UsageSettingsValue>> {
    // Stored as named: ICU's "canonical" names are the legacy ones (Asia/Katmandu, Asia/Calcutta).
    const timeZone = input.timeZone.trim();
    if (!isTimeZone(timeZone)) return refused(new RuleViolation('INVALID_TIME_ZONE', `Unknown time zone ${JSON.stringify(input.timeZone.slice(0, 64))}: use an IANA name such as Europe/Berlin.`, ['input', 'timeZone']));
    await this.dataSource.getRepository(UsageSettings).upsert({ organizationId: actor.organizationId, timeZone }, ['organizationId']);
    return ok({ organizationId: actor.organizationId, timeZone });
  }
}
