import { permissionsCover } from '@gatehouse/shared';
import { InvitationAccess } from './invitation-access';
import { mayInvite } from './invitations.service';

/** What of an invitation decides whether its inviter still vouches for it. */
export interface VouchedInvitation {
  organizationId: string;
  roleId: string;
  spaceId: string | null;
  invitedBy: string | null;
}

/**
 * Whether the member who sent (or last resent) the invitation could still send it now: a member
 * with Team Members WRITE where it gives access, holding at least what the role grants there. An
 * invitation outlives neither its inviter's membership nor their permission to grant the role, so
 * an admin who lost their rights (or left) cannot come back through an invitation to a second
 * address sent beforehand; another admin's resend vouches for it anew.
 */
export async function inviterStillVouches(access: InvitationAccess, invitation: VouchedInvitation): Promise<boolean> {
  if (!invitation.invitedBy) return false;
  const [scope, role] = await Promise.all([
    access.inviterScope(invitation.organizationId, invitation.invitedBy, invitation.spaceId),
    access.rolePermissions(invitation.organizationId, invitation.roleId),
  ]);
  return role !== null && scope.spaceFound && mayInvite(scope.permissions) && permissionsCover(scope.permissions, role);
}
