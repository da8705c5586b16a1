import { Invitation } from './invitation.entity';

/** What clients see: the stored status, with a PENDING invitation past its expiry shown as EXPIRED. */
export type InvitationStatus = 'PENDING' | 'EXPIRED' | 'ACCEPTED' | 'REVOKED';

export function statusOf(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: number): InvitationStatus {
  return invitation.status === 'PENDING' && invitation.expiresAt.getTime() <= now ? 'EXPIRED' : invitation.status;
}
