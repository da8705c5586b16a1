import { EntityManager } from 'typeorm';
import { MailOutbox, SubscriptionPubSub } from '@gatehouse/shared';
import { InvitationRevocationReason } from '@gatehouse/invitations-contracts';
import { recordInvitationsEvent, recordInvitationsEvents } from '../../events';
import { Invitation } from '../invitations/invitation.entity';
import { InvitationChangeKind, publishInvitationChanged } from '../live/invitation-changes';
import { invitationMail } from './invitation-mail';
import { InvitationNameSources, InvitationNames, NamedInvitation, invitationNamesFor } from './invitation-names';

export interface InvitationAnnouncerOptions {
  mail: MailOutbox;
  names: InvitationNameSources;
  pubsub: SubscriptionPubSub;
  /** Where links in mail point (APP_URL, as identity's mail). */
  appUrl: string;
  now: () => number;
}

/** Why, and on whose action elsewhere, the invitations service revoked invitations itself. */
export interface AutomaticRevocation {
  reason: InvitationRevocationReason;
  /** Who acted in the other service (archived the space, added the member), or null. */
  actorId: string | null;
  /** 'DIRECTORY' when that was the identity provider (SCIM). */
  actorType?: string;
}

/** An invitation sent or resent, with the link token its e-mail carries (the only place the token goes). */
export interface MailedInvitation {
  invitation: Invitation;
  token: string;
}

/**
 * Everything a change to invitations tells others, in one place every path calls: inside the
 * change's transaction the outbox event (identity's audit log) and, for sending and resending, the
 * invitation e-mail, so both exist exactly when the change commits; after the commit, the live
 * `invitationChanged` subscribers. Bulk paths pass many invitations to each call.
 */
export class InvitationAnnouncer {
  constructor(private readonly options: InvitationAnnouncerOptions) {}

  /** Before the transaction: the names the e-mails of these invitations use (one call per other subgraph). */
  namesFor(organizationId: string, invitations: readonly NamedInvitation[]): Promise<InvitationNames> {
    return invitationNamesFor(this.options.names, organizationId, invitations);
  }

  /** In the transaction that created them: `invitation.sent` and the e-mail, for each. */
  async sent(manager: EntityManager, actorId: string, names: InvitationNames, sent: readonly MailedInvitation[]): Promise<void> {
    await recordInvitationsEvents(manager, 'invitation.sent', sent.map(({ invitation }) => eventOf(invitation, actorId)));
    await this.options.mail.queueMany(manager, sent.map(({ invitation, token }) => invitationMail(invitation, token, names, this.options.appUrl)));
  }

  /**
   * In the transaction that gave them a new token and expiry: `invitation.resent` and an e-mail
   * with the new link only (the caller's update clears the sweep's mark, so the new expiry is announced again).
   */
  async resent(manager: EntityManager, actorId: string, names: InvitationNames, resent: readonly MailedInvitation[]): Promise<void> {
    for (const { invitation, token } of resent) {
      await recordInvitationsEvent(manager, 'invitation.resent', eventOf(invitation, actorId));
      await this.options.mail.queue(manager, invitationMail(invitation, token, names, this.options.appUrl));
    }
  }

  /** In the transaction that revoked them: `invitation.revoked` (no mail: the invitee is not told). */
  async revoked(manager: EntityManager, actorId: string, revoked: readonly Invitation[]): Promise<void> {
    for (const invitation of revoked) await recordInvitationsEvent(manager, 'invitation.revoked', eventOf(invitation, actorId));
  }

  /**
   * In the consumer's transaction that closed them on another service's news (./consistency):
   * `invitation.revoked` with the reason, so the audit log tells them from an admin's revocation.
   */
  async revokedAutomatically(manager: EntityManager, revocation: AutomaticRevocation, revoked: readonly Invitation[]): Promise<void> {
    if (!revoked.length) return;
    const { reason, actorId, actorType } = revocation;
    await recordInvitationsEvents(manager, 'invitation.revoked', revoked.map((invitation) => ({ ...eventOf(invitation, actorId), ...(actorType ? { actorType } : {}), reason })));
  }

  /** After the commit: the organization's `invitationChanged` subscribers hear of each. */
  published(change: InvitationChangeKind, invitations: readonly Invitation[]): void {
    const changedAt = new Date(this.options.now());
    for (const invitation of invitations) publishInvitationChanged(this.options.pubsub, change, invitation, changedAt);
  }
}

/** The payload every invitation event shares (the contract's fields). */
function eventOf(invitation: Invitation, actorId: string | null) {
  return {
    organizationId: invitation.organizationId,
    invitationId: invitation.id,
    actorId,
    email: invitation.email,
    roleId: invitation.roleId,
    spaceId: invitation.spaceId,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}
