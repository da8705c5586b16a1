import { DataSource, EntityManager } from 'typeorm';
import { MemberViewer, RuleViolation, findLocked, ok, refused } from '@gatehouse/shared';
import { InvitationsResult } from '../../errors/invitations-error-code';
import { InvitationSettings } from './invitation-settings.entity';

/** Validity of a new invitation unless the organization chose otherwise, and the range it may choose from. */
export const expiryDaysRange = { fallback: 7, min: 1, max: 30 } as const;

export interface InvitationSettingsValue {
  expiryDays: number;
}

/** An organization's invitation settings: read by anyone who sees the list, changed by who may invite organization-wide. */
export class InvitationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async get(organizationId: string): Promise<InvitationSettingsValue> {
    const row = await this.dataSource.getRepository(InvitationSettings).findOneBy({ organizationId });
    return { expiryDays: row?.expiryDays ?? expiryDaysRange.fallback };
  }

  /** Sets how long new invitations are valid; invitations already sent keep the days they were sent with. */
  async update(actor: MemberViewer, expiryDays: number): Promise<InvitationsResult<InvitationSettingsValue>> {
    if (!Number.isInteger(expiryDays) || expiryDays < expiryDaysRange.min || expiryDays > expiryDaysRange.max) {
      return refused(new RuleViolation('EXPIRY_OUT_OF_RANGE', `Invitations are valid for ${expiryDaysRange.min} to ${expiryDaysRange.max} days.`, ['input', 'expiryDays']));
    }
    await this.ensureRow(actor.organizationId);
    await this.dataSource.transaction(async (manager) => {
      // Under the creation lock: an invite being created uses the old value or the new, whole.
      await findLocked(manager, InvitationSettings, { organizationId: actor.organizationId });
      await manager.update(InvitationSettings, { organizationId: actor.organizationId }, { expiryDays });
    });
    await this.afterCommit();
    return ok({ expiryDays });
  }

  /**
   * The organization's settings, locked until `manager`'s transaction ends (SELECT … FOR UPDATE;
   * SQLite runs transactions one at a time); null when the row does not exist yet (`ensureRow` it
   * outside the transaction, then try again: two transactions creating it under lock would deadlock).
   */
  lock(manager: EntityManager, organizationId: string): Promise<InvitationSettings | null> {
    return findLocked(manager, InvitationSettings, { organizationId });
  }

  /** Creates the organization's row with the defaults unless it exists (INSERT IGNORE: concurrent callers agree). */
  async ensureRow(organizationId: string): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(InvitationSettings).values({ organizationId, expiryDays: expiryDaysRange.fallback }).orIgnore().execute();
  }
}
