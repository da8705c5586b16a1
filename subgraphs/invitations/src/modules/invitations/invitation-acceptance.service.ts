import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RuleViolation, Viewer, dateParameter, ok, refused } from '@gatehouse/shared';
import { InvitationsResult, InvitationsViolation } from '../../errors/invitations-error-code';
import { recordInvitationsEvent } from '../../events';
import { InvitationAnnouncer } from '../announcements/invitation-announcer';
import { AcceptanceCredentials, InvitationIdentity, IssuedSessionOnWire } from './invitation-identity';
import { hashInvitationToken } from './invitation-token';
import { Invitation } from './invitation.entity';

export interface AcceptInvitationInput {
  token: string;
  password?: string | null;
  name?: string | null;
  lastName?: string | null;
}

/** What the accept page shows of a valid invitation; nothing about whether the address has an account. */
export interface InvitationPreview {
  email: string;
  organizationName: string;
  invitedByName: string | null;
  roleName: string | null;
  spaceName: string | null;
  expiresAt: Date;
}

/** A link token as newInvitationToken makes them (32 bytes, base64url): anything else is not looked up. */
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

const invalid = (): InvitationsViolation =>
  new RuleViolation('INVALID_INVITATION', 'This invitation link is not valid: it is unknown, expired, revoked, replaced by a newer one or already used. Ask for a new invitation.', ['input', 'token']);

const noLongerVouched = (): InvitationsViolation =>
  new RuleViolation('INVITER_NO_LONGER_GRANTS', 'Whoever invited you can no longer grant this access (they left the organization or lost the permission): ask the organization to resend the invitation.', ['input', 'token']);

/**
 * Accepting an invitation by its link: the invitation is claimed first (one conditional update,
 * so of simultaneous accepts one proceeds), identity then creates or joins the account, the
 * membership and a session (keyed by the invitation id, so a retry creates nothing twice), and the
 * invitation becomes ACCEPTED with its event in one transaction.
 */
export class InvitationAcceptanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: InvitationIdentity,
    private readonly afterCommit: () => Promise<void>,
    private readonly now: () => number,
    /** How long a claim holds: longer than any acceptance attempt can take (its internal call times out well before). */
    private readonly claimTtlMs: number,
    /** Tells live subscribers (the admin's pending list) of the acceptance. */
    private readonly announcer: InvitationAnnouncer,
    /** Whether the invitation's inviter could still send it (see inviter-vouches.ts). */
    private readonly vouched: (invitation: Invitation) => Promise<boolean>,
  ) {}

  /** The invitation `token` links to while it can be accepted (PENDING, not expired), else null. */
  private async usable(token: string): Promise<Invitation | null> {
    if (!tokenShape.test(token)) return null;
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ tokenHash: hashInvitationToken(token) });
    if (!invitation || invitation.status !== 'PENDING' || invitation.expiresAt.getTime() <= this.now()) return null;
    return invitation;
  }

  /** The accept page's facts; null for every link that cannot be accepted, whatever the reason. */
  async preview(token: string): Promise<InvitationPreview | null> {
    const invitation = await this.usable(token);
    if (!invitation || !(await this.vouched(invitation))) return null;
    const [context, roleName] = await Promise.all([
      this.identity.context(invitation.organizationId, invitation.invitedBy, invitation.spaceId),
      this.identity.roleName(invitation.organizationId, invitation.roleId),
    ]);
    if (!context.organizationName) return null;
    return { email: invitation.email, organizationName: context.organizationName, invitedByName: context.inviterName, roleName, spaceName: context.spaceName, expiresAt: invitation.expiresAt };
  }

  /**
   * Accepts with a password (the existing account's, or the new account's) or, without one, as the
   * signed-in account. A refusal releases the claim and changes nothing.
   */
  async accept(viewer: Viewer, input: AcceptInvitationInput, clientAddress: string): Promise<InvitationsResult<IssuedSessionOnWire>> {
    const invitation = await this.usable(input.token);
    if (!invitation) return refused(invalid());
    if (!(await this.vouched(invitation))) return refused(noLongerVouched());
    const credentials: AcceptanceCredentials =
      input.password == null && viewer.kind === 'member'
        ? { kind: 'signedIn', accountId: viewer.accountId }
        : { kind: 'password', password: input.password ?? '', name: input.name ?? null, lastName: input.lastName ?? null };
    const claimId = randomUUID();
    if (!(await this.claim(invitation, claimId))) {
      // Accepted (or revoked, resent) meanwhile: the same answer as any unusable link; else another request holds it.
      if (!(await this.usable(input.token))) return refused(invalid());
      return refused(new RuleViolation('ACCEPTANCE_IN_PROGRESS', 'This invitation is being accepted by another request right now: try again in a moment.', ['input', 'token']));
    }
    const answer = await this.identity
      .accept({
        invitationId: invitation.id,
        organizationId: invitation.organizationId,
        email: invitation.email,
        roleId: invitation.roleId,
        spaceId: invitation.spaceId,
        invitedBy: invitation.invitedBy,
        credentials,
        clientAddress,
      })
      .catch(async (error: unknown) => {
        // Identity may or may not have committed: either way a retry is safe, so it need not wait for the claim to go stale.
        await this.release(invitation.id, claimId);
        throw error;
      });
    if (!answer.accepted) {
      await this.release(invitation.id, claimId);
      return refused(new RuleViolation(answer.code, answer.message, answer.field ?? undefined));
    }
    const marked = await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.update(Invitation, { id: invitation.id, claimId, status: 'PENDING' }, { status: 'ACCEPTED', openEmail: null, claimId: null, claimedAt: null });
      // Only the request holding the claim records the acceptance (a request that lost its claim to a retry leaves it to that one).
      if (!affected) return false;
      await recordInvitationsEvent(manager, 'invitation.accepted', {
        organizationId: invitation.organizationId,
        invitationId: invitation.id,
        actorId: answer.accountId,
        accountId: answer.accountId,
        email: invitation.email,
        roleId: invitation.roleId,
        spaceId: invitation.spaceId,
        expiresAt: invitation.expiresAt.toISOString(),
      });
      return true;
    });
    await this.afterCommit();
    if (marked) this.announcer.published('ACCEPTED', [{ ...invitation, status: 'ACCEPTED', openEmail: null, claimId: null, claimedAt: null }]);
    return ok(answer.session);
  }

  /** Takes the invitation for this attempt: free, or held by an attempt older than the claim's lifetime. */
  private async claim(invitation: Invitation, claimId: string): Promise<boolean> {
    const now = this.now();
    const { affected } = await this.dataSource
      .createQueryBuilder()
      .update(Invitation)
      .set({ claimId, claimedAt: new Date(now) })
      .where("id = :id AND tokenHash = :tokenHash AND status = 'PENDING' AND expiresAt > :now", { id: invitation.id, tokenHash: invitation.tokenHash, now: dateParameter(this.dataSource, now) })
      .andWhere('(claimedAt IS NULL OR claimedAt <= :stale)', { stale: dateParameter(this.dataSource, now - this.claimTtlMs) })
      .execute();
    return Boolean(affected);
  }

  private async release(id: string, claimId: string): Promise<void> {
    await this.dataSource.getRepository(Invitation).update({ id, claimId }, { claimId: null, claimedAt: null });
  }
}
