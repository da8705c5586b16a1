import { SubscriptionPubSub } from '@gatehouse/shared';
import { Invitation } from '../invitations/invitation.entity';

/** What happened to an invitation, as `invitationChanged` tells it. */
export type InvitationChangeKind = 'SENT' | 'RESENT' | 'REVOKED' | 'ACCEPTED' | 'EXPIRED' | 'ROLE_CHANGED';

/** The invitation as the pub/sub carries it: no token hash (nothing secret crosses Redis); through Redis its dates arrive as text. */
export type PublishedInvitation = Omit<Invitation, 'tokenHash' | 'sentAt' | 'expiresAt' | 'createdAt' | 'expiryAnnouncedAt'> & { sentAt: Date | string; expiresAt: Date | string; createdAt: Date | string };

export interface PublishedInvitationChange {
  change: InvitationChangeKind;
  changedAt: string;
  invitation: PublishedInvitation;
}

/** The pub/sub topic of an organization's invitation changes. */
export function invitationsTopic(organizationId: string): string {
  return `invitations:${organizationId}`;
}

/**
 * Tells the organization's `invitationChanged` subscribers about a change. Call it after the
 * change committed (a rolled-back change must not be announced): sending, resending and revoking
 * do (InvitationAnnouncer), so do the revocations and role moves that follow other services'
 * events (../consistency), the expiry sweep does, and accepting calls it with 'ACCEPTED'.
 */
export function publishInvitationChanged(pubsub: SubscriptionPubSub, change: InvitationChangeKind, invitation: Invitation, changedAt: Date = new Date()): void {
  const { tokenHash: _tokenHash, expiryAnnouncedAt: _announced, ...shown } = invitation;
  const message: PublishedInvitationChange = { change, changedAt: changedAt.toISOString(), invitation: shown };
  pubsub.publish(invitationsTopic(invitation.organizationId), message);
}

/** The stored invitation back from the pub/sub (dates revived), as `toInvitationType` reads it. */
export function revivedInvitation(published: PublishedInvitation): Invitation {
  return { ...published, tokenHash: '', sentAt: new Date(published.sentAt), expiresAt: new Date(published.expiresAt), createdAt: new Date(published.createdAt) };
}
