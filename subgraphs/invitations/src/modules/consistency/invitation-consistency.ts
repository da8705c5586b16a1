import { EntityManager } from 'typeorm';
import { chunksOf } from '@gatehouse/shared';
import { Invitation } from '../invitations/invitation.entity';

/**
 * What the invitations become when something they name goes away elsewhere (issue 13: "deleting a
 * user or an organization's role, space or the inviter leaves the invites consistent"). Each runs
 * inside the consumer's transaction (consumeOnce), so a redelivered event changes nothing more, and
 * answers the invitations it changed, as they are now, for the handler to announce (./invitation-consistency.handlers).
 * Closing an invitation is what revoking does: REVOKED, and the address is free again.
 */

/** What a deleted role did to its invitations: moved to the replacement role, or (none known) the pending ones closed. */
export interface ReplacedRole {
  moved: Invitation[];
  revoked: Invitation[];
}

/**
 * A deleted role: its invitations take `replacementRoleId` (the role its members were moved to, or
 * the organization's default role at that moment), whatever their status, so none ever names a role
 * that is gone (accepting reads the role from the row; the list resolves it). With no replacement
 * known (an event from an older access control) the pending ones are closed instead.
 */
export async function replaceDeletedRole(manager: EntityManager, organizationId: string, roleId: string, replacementRoleId: string | null): Promise<ReplacedRole> {
  if (!replacementRoleId) return { moved: [], revoked: await revokeAll(manager, await locked(manager, "i.organizationId = :organizationId AND i.roleId = :roleId AND i.status = 'PENDING'", { organizationId, roleId })) };
  const rows = await locked(manager, 'i.organizationId = :organizationId AND i.roleId = :roleId', { organizationId, roleId });
  for (const ids of chunksOf(rows.map((r) => r.id), updateChunk)) await manager.createQueryBuilder().update(Invitation).set({ roleId: replacementRoleId }).where('id IN (:...ids)', { ids }).execute();
  return { moved: rows.map((r) => ({ ...r, roleId: replacementRoleId })), revoked: [] };
}

/** An archived space: its pending invitations (expired ones included) are closed; restoring it does not reopen them. */
export async function closeInvitationsIntoSpace(manager: EntityManager, organizationId: string, spaceId: string): Promise<Invitation[]> {
  return revokeAll(manager, await locked(manager, "i.organizationId = :organizationId AND i.spaceId = :spaceId AND i.status = 'PENDING'", { organizationId, spaceId }));
}

/**
 * People an admin, the directory or an import added to the organization without their invitation:
 * their pending invitations are closed, so an old link cannot make a second membership or hand out
 * another role. `keepInvitationId` is the invitation whose acceptance made the membership, if any.
 */
export async function closeInvitationsOfNewMembers(manager: EntityManager, organizationId: string, emails: readonly string[], keepInvitationId: string | null = null): Promise<Invitation[]> {
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (!addresses.length) return [];
  const rows = await locked(manager, "i.organizationId = :organizationId AND i.email IN (:...addresses) AND i.status = 'PENDING'", { organizationId, addresses });
  return revokeAll(manager, rows.filter((r) => r.id !== keepInvitationId));
}

/**
 * A member deleted from the organization: the invitations they sent stay listed without naming them
 * any more (`invitedBy` null, as the deletion forgets the person); nobody vouches for them until an
 * admin resends them, so they cannot be accepted before (see inviter-vouches.ts).
 */
export async function forgetInviter(manager: EntityManager, organizationId: string, accountId: string): Promise<void> {
  await manager.createQueryBuilder().update(Invitation).set({ invitedBy: null }).where('organizationId = :organizationId AND invitedBy = :accountId', { organizationId, accountId }).execute();
}

/**
 * The invitations matching, locked until the transaction ends, so those changed are exactly those
 * announced (a resend or an acceptance waits): SELECT … FOR UPDATE on MySQL; SQLite's transactions
 * already run one at a time.
 */
function locked(manager: EntityManager, where: string, parameters: Record<string, unknown>): Promise<Invitation[]> {
  const query = manager.getRepository(Invitation).createQueryBuilder('i').where(where, parameters);
  if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  return query.getMany();
}

/** Closes these (locked, PENDING) invitations; answers them as they are now. */
async function revokeAll(manager: EntityManager, rows: readonly Invitation[]): Promise<Invitation[]> {
  for (const ids of chunksOf(rows.map((r) => r.id), updateChunk)) await manager.createQueryBuilder().update(Invitation).set({ status: 'REVOKED', openEmail: null }).where('id IN (:...ids)', { ids }).execute();
  return rows.map((r) => ({ ...r, status: 'REVOKED', openEmail: null }));
}

/** Ids per UPDATE (a space may hold thousands of invitations; databases bound a statement's parameters). */
const updateChunk = 500;
