import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { dateParameter, isUniqueViolation } from '@gatehouse/shared';
import { InvitationSettingsService, expiryDaysRange } from './invitation-settings.service';
import { newInvitationToken } from './invitation-token';
import { Invitation } from './invitation.entity';
import { SentInvitation } from './invitations.service';

const hourMs = 60 * 60 * 1000;
export const dayMs = 24 * hourMs;
/** Rows per INSERT: 13 columns each stays well under SQLite's and MySQL's bound on parameters. */
const insertChunk = 200;
/** Addresses per IN (…) list. */
const lookupChunk = 1000;

/** A checked invitation, ready to be written (the address normalized, the role resolved). */
export interface InvitationDraft {
  email: string;
  roleId: string;
  spaceId: string | null;
}

export type WriteOutcome =
  | { ok: true; sent: SentInvitation[] }
  /** The organization's hourly limit would be passed: nothing was written. */
  | { ok: false; rateLimited: { limit: number; retryAt: Date } }
  /** These addresses have an open invitation already: nothing was written. */
  | { ok: false; alreadyInvited: string[] };

/**
 * The one path that creates invitations, single or bulk: in one transaction under the
 * organization's settings row, it checks the hourly limit and the open invitations of the
 * addresses, then inserts every draft (in chunks) with the organization's expiry. Any refusal
 * writes nothing. Work that belongs with each new invitation (its e-mail, its events) goes in
 * `insertAll`'s loop, inside the same transaction.
 */
export class InvitationWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: InvitationSettingsService,
    private readonly limits: { perOrganizationPerHour: number },
    private readonly now: () => number,
  ) {}

  async create(organizationId: string, invitedBy: string, drafts: readonly InvitationDraft[]): Promise<WriteOutcome> {
    const attempt = async (): Promise<WriteOutcome | null> => this.dataSource.transaction(async (manager) => {
      const settings = await this.settings.lock(manager, organizationId);
      if (!settings) return null;
      const now = this.now();
      const limited = await this.overLimit(manager, organizationId, drafts.length, now);
      if (limited) return { ok: false, rateLimited: limited };
      const emails = drafts.map((d) => d.email);
      await this.releaseExpired(manager, organizationId, emails, now);
      const open = await this.openAmong(manager, organizationId, emails, now);
      if (open.length) return { ok: false, alreadyInvited: open };
      return { ok: true, sent: await this.insertAll(manager, organizationId, invitedBy, drafts, settings.expiryDays ?? expiryDaysRange.fallback, now) };
    });
    const guarded = async (): Promise<WriteOutcome | null> =>
      attempt().catch(async (error) => {
        // The open-address index refused a row: an invite (or a resend of an expired one) of the
        // address committed in between, outside the lock. The same answer as the check above.
        if (!isUniqueViolation(error)) throw error;
        const open = await this.pendingAmong(organizationId, drafts.map((d) => d.email));
        return { ok: false, alreadyInvited: open.length ? open : drafts.map((d) => d.email) };
      });
    const first = await guarded();
    if (first) return first;
    // The organization's first invitation: its settings row is created, outside any transaction, then locked.
    await this.settings.ensureRow(organizationId);
    return (await guarded())!;
  }

  /** The addresses among `emails` with a pending, unexpired invitation (a bulk invite's check before writing). */
  pendingAmong(organizationId: string, emails: readonly string[]): Promise<string[]> {
    return this.openAmong(this.dataSource.manager, organizationId, emails, this.now());
  }

  /** What creating `adding` invitations now would answer about the hourly limit, without locking (a dry run's check). */
  limitCheck(organizationId: string, adding: number): Promise<{ limit: number; retryAt: Date } | null> {
    return this.overLimit(this.dataSource.manager, organizationId, adding, this.now());
  }

  /**
   * Whether `adding` more would pass the organization's limit in the last rolling hour, and when
   * enough of the hour's invitations age out. Exact: counted under the settings row's lock.
   */
  private async overLimit(manager: EntityManager, organizationId: string, adding: number, now: number): Promise<{ limit: number; retryAt: Date } | null> {
    const limit = this.limits.perOrganizationPerHour;
    const since = now - hourMs;
    const recent = await manager
      .createQueryBuilder(Invitation, 'i')
      .select('i.createdAt', 'createdAt')
      .where('i.organizationId = :organizationId AND i.createdAt > :since', { organizationId, since: dateParameter(this.dataSource, since) })
      .orderBy('i.createdAt', 'ASC')
      .getRawMany<{ createdAt: Date | string }>();
    if (recent.length + adding <= limit) return null;
    // Room for `adding` once the oldest (recent + adding - limit) have left the hour; never, when adding alone is too many.
    const mustAge = recent.length + adding - limit;
    const pivot = adding > limit ? null : recent[mustAge - 1];
    const retryAt = pivot ? new Date(toEpoch(pivot.createdAt) + hourMs) : new Date(now + hourMs);
    return { limit, retryAt };
  }

  /** Expired invitations of these addresses stop holding them (one statement per thousand, by the open-address index). */
  private async releaseExpired(manager: EntityManager, organizationId: string, emails: readonly string[], now: number): Promise<void> {
    for (let i = 0; i < emails.length; i += lookupChunk) {
      await manager
        .createQueryBuilder()
        .update(Invitation)
        .set({ openEmail: null })
        .where('organizationId = :organizationId AND openEmail IN (:...emails) AND expiresAt <= :now', { organizationId, emails: emails.slice(i, i + lookupChunk), now: dateParameter(this.dataSource, now) })
        .execute();
    }
  }

  /** The addresses among `emails` an unexpired invitation holds (by the open-address index). */
  private async openAmong(manager: EntityManager, organizationId: string, emails: readonly string[], now: number): Promise<string[]> {
    const open: string[] = [];
    for (let i = 0; i < emails.length; i += lookupChunk) {
      const rows = await manager
        .createQueryBuilder(Invitation, 'i')
        .select('i.openEmail', 'email')
        .where('i.organizationId = :organizationId AND i.openEmail IN (:...emails) AND i.expiresAt > :now', { organizationId, emails: emails.slice(i, i + lookupChunk), now: dateParameter(this.dataSource, now) })
        .getRawMany<{ email: string }>();
      open.push(...rows.map((r) => r.email));
    }
    return open;
  }

  private async insertAll(manager: EntityManager, organizationId: string, invitedBy: string, drafts: readonly InvitationDraft[], expiryDays: number, now: number): Promise<SentInvitation[]> {
    const sent: SentInvitation[] = [];
    for (let i = 0; i < drafts.length; i += insertChunk) {
      const chunk = drafts.slice(i, i + insertChunk).map((draft) => {
        const { token, tokenHash } = newInvitationToken();
        const invitation: Invitation = {
          id: randomUUID(),
          organizationId,
          email: draft.email,
          openEmail: draft.email,
          roleId: draft.roleId,
          spaceId: draft.spaceId,
          invitedBy,
          tokenHash,
          status: 'PENDING',
          sentAt: new Date(now),
          expiresAt: new Date(now + expiryDays * dayMs),
          expiryDays,
          createdAt: new Date(now),
        };
        return { invitation, token };
      });
      // Copies: TypeORM writes re-read columns back into the objects it inserts (see identity's import).
      await manager.insert(Invitation, chunk.map((s) => ({ ...s.invitation })));
      sent.push(...chunk);
    }
    return sent;
  }
}

function toEpoch(value: Date | string): number {
  if (value instanceof Date) return value.getTime();
  // SQLite's raw datetime text is UTC without a zone.
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
