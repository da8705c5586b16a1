import { EntityManager } from 'typeorm';
import { Invitation } from '../invitations/invitation.entity';

/**
 * What the invitations become when something they name goes away elsewhere (issue 13: "deleting a
 * user or an organization's role, space or the inviter leaves the invites consistent"). Each is one
 * statement inside the consumer's transaction (consumeOnce), so a redelivered event changes nothing
 * more. Closing an invitation is what revoking does: REVOKED, and the address is free again.
 */

/**
 * A deleted role: its invitations take `replacementRoleId` (the role its members were moved to, or
 * the organization's default role at that moment), whatever their status, so none ever names a role
 * that is gone (accepting reads the role from the row; the list resolves it). With no replacement
 * known (an event from an older access control) the pending ones are closed instead.
 */
export async function replaceDeletedRole(manager: EntityManager, organizationId: string, roleId: string, replacementRoleId: string | null): Promise<void> {
  const query = manager.createQueryBuilder().update(Invitation).where('organizationId = :organizationId AND roleId = :roleId', { organizationId, roleId });
  if (replacementRoleId) await query.set({ roleId: replacementRoleId }).execute();
  else await query.andWhere("status = 'PENDING'").set({ status: 'REVOKED', openEmail: null }).execute();
}

/** An archived space: its pending invitations (expired ones included) are closed; restoring it does not reopen them. */
export async function closeInvitationsIntoSpace(manager: EntityManager, organizationId: string, spaceId: string): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(Invitation)
    .set({ status: 'REVOKED', openEmail: null })
    .where("organizationId = :organizationId AND spaceId = :spaceId AND status = 'PENDING'", { organizationId, spaceId })
    .execute();
}

/**
 * People an admin, the directory or an import added to the organization without their invitation:
 * their pending invitations are closed, so an old link cannot make a second membership or hand out
 * another role. `keepInvitationId` is the invitation whose acceptance made the membership, if any.
 */
export async function closeInvitationsOfNewMembers(manager: EntityManager, organizationId: string, emails: readonly string[], keepInvitationId: string | null = null): Promise<void> {
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (!addresses.length) return;
  const query = manager
    .createQueryBuilder()
    .update(Invitation)
    .set({ status: 'REVOKED', openEmail: null })
    .where("organizationId = :organizationId AND email IN (:...addresses) AND status = 'PENDING'", { organizationId, addresses });
  if (keepInvitationId) query.andWhere('id <> :keepInvitationId', { keepInvitationId });
  await query.execute();
}

/**
 * A member deleted from the organization: the invitations they sent stay valid (the organization
 * sent them), without naming them any more (`invitedBy` null, as the deletion forgets the person).
 */
export async function forgetInviter(manager: EntityManager, organizationId: string, accountId: string): Promise<void> {
  await manager.createQueryBuilder().update(Invitation).set({ invitedBy: null }).where('organizationId = :organizationId AND invitedBy = :accountId', { organizationId, accountId }).execute();
}
