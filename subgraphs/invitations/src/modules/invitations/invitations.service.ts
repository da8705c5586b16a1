import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Area, Level, MemberViewer, Page, RuleViolation, containsPattern, dateParameter, decodeCursor, encodeCursor, forbidden, isUniqueViolation, levelSatisfies, ok, pageOf, PermissionSet, permissionsCover, refused } from '@gatehouse/shared';
import { InvitationsResult, InvitationsViolation } from '../../errors/invitations-error-code';
import { InvitationAnnouncer } from '../announcements/invitation-announcer';
import { InvitationAccess } from './invitation-access';
import { normalizedEmail } from './invitation-email';
import { InvitationStatus } from './invitation-status';
import { newInvitationToken } from './invitation-token';
import { InvitationWriter, dayMs } from './invitation-writer';
import { ResendThrottle } from './resend-throttle';
import { Invitation } from './invitation.entity';


export interface InviteInput {
  email: string;
  roleId?: string | null;
  spaceId?: string | null;
}

/** A sent invitation and its link token: the token exists only here (the database keeps its hash). */
export interface SentInvitation {
  invitation: Invitation;
  token: string;
}

export type InvitationSortField = 'SENT_AT' | 'EXPIRES_AT' | 'EMAIL';

export interface ListInvitationsOptions {
  first: number;
  after?: string | null;
  status?: InvitationStatus | null;
  search?: string | null;
  roleId?: string | null;
  spaceId?: string | null;
  sort: InvitationSortField;
  descending: boolean;
}

export type InvitationPage = Page<Invitation> & { countAll: () => Promise<number> };

const sortColumn: Record<InvitationSortField, string> = { SENT_AT: 'i.sentAt', EXPIRES_AT: 'i.expiresAt', EMAIL: 'i.email' };

const notFound = (): InvitationsViolation => new RuleViolation('INVITATION_NOT_FOUND', 'No such invitation in this organization.', ['input', 'id']);
const notPending = (): InvitationsViolation => new RuleViolation('NOT_PENDING', 'The invitation was already accepted or revoked.', ['input', 'id']);
const roleNotFound = (): InvitationsViolation => new RuleViolation('ROLE_NOT_FOUND', 'No such role in this organization.', ['input', 'roleId']);
const alreadyMember = (field: string[]): InvitationsViolation => new RuleViolation('ALREADY_MEMBER', 'The address belongs to a member of the organization already.', field);
const alreadyInvited = (field: string[]): InvitationsViolation => new RuleViolation('ALREADY_INVITED', 'A pending invitation for this e-mail already exists: resend it instead.', field);
const acceptanceUnderWay = (): InvitationsViolation => new RuleViolation('ACCEPTANCE_IN_PROGRESS', 'The invitee is accepting this invitation right now: look again in a moment.', ['input', 'id']);
const exceeds = (field = ['input', 'roleId']): InvitationsViolation => new RuleViolation('ROLE_EXCEEDS_OWN_PERMISSIONS', 'The role grants more than you hold, so you cannot invite with it (or manage an invitation with it).', field);

/** Sending, resending and revoking invitations, and the organization's list of them. */
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: InvitationAccess,
    private readonly writer: InvitationWriter,
    private readonly resendThrottle: ResendThrottle,
    private readonly afterCommit: () => Promise<void>,
    private readonly now: () => number,
    // Mail, outbox events and live notices of each change (its own file: every path calls it).
    private readonly announcer: InvitationAnnouncer,
    /** How long an acceptance's claim holds: resend and revoke wait for an acceptance under way. */
    private readonly claimTtlMs: number,
  ) {}

  /** The condition a resend or revoke adds: no acceptance under way (a claim older than its lifetime was abandoned). */
  private unclaimed(now: number): [string, Record<string, unknown>] {
    return ['(claimId IS NULL OR claimedAt <= :claimStale)', { claimStale: dateParameter(this.dataSource, now - this.claimTtlMs) }];
  }

  /** Why a resend or revoke of a PENDING invitation changed nothing: an acceptance under way, else a race lost. */
  private async whyUnchanged(organizationId: string, id: string, otherwise: (current: Invitation) => InvitationsViolation): Promise<InvitationsViolation> {
    const current = await this.dataSource.getRepository(Invitation).findOneBy({ id, organizationId });
    if (current?.status !== 'PENDING') return notPending();
    if (current.claimId && current.claimedAt && current.claimedAt.getTime() > this.now() - this.claimTtlMs) return acceptanceUnderWay();
    return otherwise(current);
  }

  /**
   * Invites an address with a role (the organization's default when none is named), optionally in
   * one space. Takes Team Members WRITE where the invite gives access, and a role the inviter's
   * own permissions there cover.
   */
  async invite(actor: MemberViewer, input: InviteInput): Promise<InvitationsResult<SentInvitation>> {
    const email = normalizedEmail(input.email);
    if (!email) return refused(new RuleViolation('INVALID_EMAIL', 'The e-mail address is not valid.', ['input', 'email']));
    const spaceId = input.spaceId ?? null;
    const scope = await this.access.inviterScope(actor.organizationId, actor.accountId, spaceId);
    // An unknown (or another organization's) space grants nothing, so permission is decided first only without one.
    if (spaceId && !scope.spaceFound) return refused(new RuleViolation('SPACE_NOT_FOUND', 'No such space in this organization (or it is archived).', ['input', 'spaceId']));
    requireInviting(scope.permissions);
    const roleId = input.roleId ?? scope.defaultRoleId;
    const rolePermissions = roleId ? await this.access.rolePermissions(actor.organizationId, roleId) : null;
    if (!roleId || !rolePermissions) return refused(roleNotFound());
    if (!permissionsCover(scope.permissions, rolePermissions)) return refused(exceeds());
    // Only this organization's members: an address with an account elsewhere is invited like any other.
    if ((await this.access.membersByEmail(actor.organizationId, [email])).length) return refused(alreadyMember(['input', 'email']));

    const outcome = await this.writer.create(actor.organizationId, actor.accountId, [{ email, roleId, spaceId }]);
    if (!outcome.ok) return refused('rateLimited' in outcome ? rateLimited(outcome.rateLimited) : alreadyInvited(['input', 'email']));
    return ok(outcome.sent[0]);
  }

  /** A new token and a new expiry for a PENDING invitation (expired included); the old link stops working. */
  async resend(actor: MemberViewer, id: string): Promise<InvitationsResult<SentInvitation>> {
    const found = await this.pendingInScope(actor, id);
    if (!found.ok) return found;
    const invitation = found.value;
    // Its space archived (or gone) before the invitations service heard of it: a new link would lead nowhere.
    if (invitation.spaceId && !found.spaceFound) return refused(new RuleViolation('SPACE_NOT_FOUND', "The invitation's space is archived: invite again into a live space.", ['input', 'id']));
    if (!found.rolePermissions) return refused(roleNotFound());
    // The resender vouches for it from now on: the e-mail names them, and accepting checks them.
    const names = await this.announcer.namesFor(actor.organizationId, [{ ...invitation, invitedBy: actor.accountId }]);
    const now = this.now();
    const tooSoon = this.resendThrottle.tooSoon(invitation, now);
    if (tooSoon) return refused(tooSoon);
    const { token, tokenHash } = newInvitationToken();
    // The address is open again for this invitation; a newer invitation of it (sent once this one had expired) refuses that.
    // The invitation keeps the validity it was sent with (a later organization setting applies to new invitations).
    const changes = { tokenHash, openEmail: invitation.email, invitedBy: actor.accountId, sentAt: new Date(now), expiresAt: new Date(now + invitation.expiryDays * dayMs) };
    // Only while still PENDING (an accept or revoke in between wins) and not resent by another request meanwhile;
    // the new expiry may be announced again (the sweep's mark is cleared).
    const updated = await this.dataSource
      .transaction(async (manager) => {
        const result = await this.resendThrottle
          .guarded(manager.createQueryBuilder().update(Invitation).set({ ...changes, expiryAnnouncedAt: null }).where("id = :id AND organizationId = :organizationId AND status = 'PENDING'", { id, organizationId: actor.organizationId }).andWhere(...this.unclaimed(now)), now)
          .execute();
        if (result.affected) await this.announcer.resent(manager, actor.accountId, names, [{ invitation: { ...invitation, ...changes }, token }]);
        return result;
      })
      .catch((error) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    if (!updated) return refused(new RuleViolation('ALREADY_INVITED', 'A newer pending invitation for this e-mail exists: resend that one.', ['input', 'id']));
    if (!updated.affected) return refused(await this.whyUnchanged(actor.organizationId, id, (current) => this.resendThrottle.tooSoon(current, this.now()) ?? notPending()));
    await this.afterCommit();
    this.announcer.published('RESENT', [{ ...invitation, ...changes }]);
    return ok({ invitation: { ...invitation, ...changes }, token });
  }

  /** Revokes a PENDING invitation (expired included): its link stops working; it stays in the list as REVOKED. */
  async revoke(actor: MemberViewer, id: string): Promise<InvitationsResult<Invitation>> {
    const found = await this.pendingInScope(actor, id);
    if (!found.ok) return found;
    const { affected } = await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Invitation)
        .set({ status: 'REVOKED', openEmail: null })
        .where("id = :id AND organizationId = :organizationId AND status = 'PENDING'", { id, organizationId: actor.organizationId })
        .andWhere(...this.unclaimed(this.now()))
        .execute();
      if (result.affected) await this.announcer.revoked(manager, actor.accountId, [{ ...found.value, status: 'REVOKED', openEmail: null }]);
      return result;
    });
    if (!affected) return refused(await this.whyUnchanged(actor.organizationId, id, () => notPending()));
    await this.afterCommit();
    this.announcer.published('REVOKED', [{ ...found.value, status: 'REVOKED', openEmail: null }]);
    return ok({ ...found.value, status: 'REVOKED' });
  }

  /** The organization's invitations among `ids` (another organization's are not found). */
  async byIds(organizationId: string, ids: readonly string[]): Promise<Map<string, Invitation>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Invitation).createQueryBuilder('i').where('i.organizationId = :organizationId AND i.id IN (:...ids)', { organizationId, ids: [...ids] }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** A page of the organization's invitations, filtered, in the asked order (keyset on the sort column and id). */
  async list(organizationId: string, options: ListInvitationsOptions): Promise<InvitationPage> {
    const now = dateParameter(this.dataSource, this.now());
    const base = () => {
      const query = this.dataSource.getRepository(Invitation).createQueryBuilder('i').where('i.organizationId = :organizationId', { organizationId });
      this.narrow(query, options, now);
      return query;
    };
    const column = sortColumn[options.sort];
    const direction = options.descending ? 'DESC' : 'ASC';
    const query = base();
    if (options.after) {
      const position = decodeCursor(options.after);
      const value = options.sort === 'EMAIL' ? String(position.value) : dateParameter(this.dataSource, Number(position.value));
      const op = options.descending ? '<' : '>';
      // A range the (organizationId, column, id) index can seek to, then the ties (as identity's users list).
      query.andWhere(`${column} ${op}= :cursorValue AND (${column} ${op} :cursorValue OR i.id ${op} :cursorId)`, { cursorValue: value, cursorId: position.id });
    }
    const rows = await query.orderBy(column, direction).addOrderBy('i.id', direction).take(options.first + 1).getMany();
    const cursorOf = (i: Invitation) => encodeCursor({ value: options.sort === 'EMAIL' ? i.email : (options.sort === 'SENT_AT' ? i.sentAt : i.expiresAt).getTime(), id: i.id });
    return { ...pageOf(rows, options.first, Boolean(options.after), cursorOf), countAll: () => base().getCount() };
  }

  /** The filter in SQL; EXPIRED and PENDING are told apart by the expiry, as `statusOf` does. */
  private narrow(query: SelectQueryBuilder<Invitation>, options: ListInvitationsOptions, now: Date | string): void {
    if (options.status === 'PENDING') query.andWhere("i.status = 'PENDING' AND i.expiresAt > :now", { now });
    else if (options.status === 'EXPIRED') query.andWhere("i.status = 'PENDING' AND i.expiresAt <= :now", { now });
    else if (options.status) query.andWhere('i.status = :status', { status: options.status });
    if (options.search?.trim()) query.andWhere("i.email LIKE :search ESCAPE '!'", { search: containsPattern(options.search) });
    if (options.roleId) query.andWhere('i.roleId = :roleId', { roleId: options.roleId });
    if (options.spaceId) query.andWhere('i.spaceId = :spaceId', { spaceId: options.spaceId });
  }

  /**
   * The organization's invitation `id`, still PENDING, which the actor may manage (Team Members
   * WRITE where it gives access, holding what its role grants there), with what the role grants
   * (null: no such role) and whether its space (if any) is still live. Another organization's id is
   * answered as an unknown one.
   */
  private async pendingInScope(actor: MemberViewer, id: string): Promise<{ ok: false; errors: InvitationsViolation[] } | { ok: true; value: Invitation; rolePermissions: PermissionSet | null; spaceFound: boolean }> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id, organizationId: actor.organizationId });
    if (!invitation) return refused(notFound());
    const [scope, rolePermissions] = await Promise.all([
      this.access.inviterScope(actor.organizationId, actor.accountId, invitation.spaceId),
      this.access.rolePermissions(actor.organizationId, invitation.roleId),
    ]);
    requireInviting(scope.permissions);
    if (invitation.status !== 'PENDING') return refused(notPending());
    // Nobody manages an invitation that gives more than they hold (an Admin leaves a Super Admin's invitation of a Super Admin alone).
    if (rolePermissions && !permissionsCover(scope.permissions, rolePermissions)) return refused(exceeds(['input', 'id']));
    return { ok: true, value: invitation, rolePermissions, spaceFound: scope.spaceFound };
  }
}

/** The organization's hourly limit refused an invite; the message says when there is room again. */
export function rateLimited({ limit, retryAt }: { limit: number; retryAt: Date }): InvitationsViolation {
  return new RuleViolation('RATE_LIMITED', `The organization may create ${limit} invitations per hour; try again after ${retryAt.toISOString()}.`, ['input']);
}

/** Inviting, resending and revoking take Team Members WRITE where the invitation gives access. */
function requireInviting(permissions: PermissionSet): void {
  if (!mayInvite(permissions)) throw forbidden('Inviting takes Team Members WRITE in the organization, or in the space for a space invitation.');
}

/** Team Members WRITE: what inviting takes where the invitation gives access. */
export function mayInvite(permissions: PermissionSet): boolean {
  return levelSatisfies(permissions.levels[Area.TEAM_MEMBERS], Level.WRITE);
}
