import { DataSource } from 'typeorm';
import { EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { accessControlEvents } from '@gatehouse/access-control-contracts';
import { identityEvents } from '@gatehouse/identity-contracts';
import { closeInvitationsIntoSpace, closeInvitationsOfNewMembers, forgetInviter, replaceDeletedRole } from './invitation-consistency';

/** The events the handlers below follow (the definition's `consumes`). */
export const invitationConsistencyEvents = ['role.deleted', 'space.archived', 'user.deleted', 'membership.created', 'memberships.imported'] as const;

/**
 * Keeps invitations consistent with what identity and access control delete or add: each event
 * applied at most once (consumeOnce), in the consumer's own transaction.
 */
export function keepInvitationsConsistent(bus: EventBus, dataSource: DataSource, consumer: string): void {
  onEvent(bus, consumer, accessControlEvents, 'role.deleted', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => replaceDeletedRole(manager, p.organizationId, p.roleId, p.reassignedTo ?? p.defaultRoleId ?? null));
  });
  onEvent(bus, consumer, identityEvents, 'space.archived', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => closeInvitationsIntoSpace(manager, p.organizationId, p.spaceId));
  });
  onEvent(bus, consumer, identityEvents, 'user.deleted', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => forgetInviter(manager, p.organizationId, p.accountId));
  });
  // Identity names the address only when an admin or the directory added the member: a self sign-up
  // (PENDING, its address unconfirmed) leaves the invitations alone, so signing up with someone
  // else's address cannot cancel their invitation.
  onEvent(bus, consumer, identityEvents, 'membership.created', async (event) => {
    const p = event.payload;
    if (!p.email) return;
    // A membership made by accepting an invitation says which (that one is being accepted, not closed).
    const accepted = typeof p.invitationId === 'string' ? p.invitationId : null;
    await consumeOnce(dataSource, consumer, event, (manager) => closeInvitationsOfNewMembers(manager, p.organizationId, [p.email!], accepted));
  });
  onEvent(bus, consumer, identityEvents, 'memberships.imported', async (event) => {
    const p = event.payload;
    const emails = p.members.flatMap((m) => (m.email ? [m.email] : []));
    await consumeOnce(dataSource, consumer, event, (manager) => closeInvitationsOfNewMembers(manager, p.organizationId, emails));
  });
}
