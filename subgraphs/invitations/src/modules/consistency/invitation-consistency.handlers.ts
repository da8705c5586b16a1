import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { accessControlEvents } from '@gatehouse/access-control-contracts';
import { identityEvents } from '@gatehouse/identity-contracts';
import { AutomaticRevocation, InvitationAnnouncer } from '../announcements/invitation-announcer';
import { Invitation } from '../invitations/invitation.entity';
import { closeInvitationsIntoSpace, closeInvitationsOfNewMembers, forgetInviter, replaceDeletedRole } from './invitation-consistency';

/** The events the handlers below follow (the definition's `consumes`). */
export const invitationConsistencyEvents = ['role.deleted', 'space.archived', 'user.deleted', 'membership.created', 'memberships.imported'] as const;

export interface InvitationConsistencyOptions {
  bus: EventBus;
  dataSource: DataSource;
  /** The subgraph's consumer group. */
  consumer: string;
  /** Revocations are announced as an admin's are: the outbox event in the transaction, live subscribers after it. */
  announcer: InvitationAnnouncer;
  /** Hands the outbox events to the relay (the kit's `afterCommit`). */
  afterCommit: () => Promise<void>;
}

/** What one event changed, for live subscribers once it committed. */
interface Changed {
  revoked: Invitation[];
  moved: Invitation[];
}

/**
 * Keeps invitations consistent with what identity and access control delete or add: each event
 * applied at most once (consumeOnce), in the consumer's own transaction, with the revocations'
 * `invitation.revoked` events (so identity audits them); after the commit live subscribers hear of
 * them (REVOKED) and of invitations moved to another role (ROLE_CHANGED).
 */
export function keepInvitationsConsistent({ bus, dataSource, consumer, announcer, afterCommit }: InvitationConsistencyOptions): void {
  /** Applies `change` once, announces its revocations in the same transaction, and (only if it ran) tells live subscribers. */
  const apply = async (event: DomainEvent, revocation: AutomaticRevocation, change: (manager: EntityManager) => Promise<Partial<Changed>>) => {
    let changed: Changed = { revoked: [], moved: [] };
    const applied = await consumeOnce(dataSource, consumer, event, async (manager) => {
      changed = { revoked: [], moved: [], ...(await change(manager)) };
      await announcer.revokedAutomatically(manager, revocation, changed.revoked);
    });
    if (!applied) return;
    // Not awaited: the in-process bus may be delivering on behalf of another subgraph's relay.
    if (changed.revoked.length) void afterCommit();
    announcer.published('REVOKED', changed.revoked);
    announcer.published('ROLE_CHANGED', changed.moved);
  };

  onEvent(bus, consumer, accessControlEvents, 'role.deleted', async (event) => {
    const p = event.payload;
    await apply(event, { reason: 'ROLE_DELETED', actorId: p.actorId }, (manager) => replaceDeletedRole(manager, p.organizationId, p.roleId, p.reassignedTo ?? p.defaultRoleId ?? null));
  });
  onEvent(bus, consumer, identityEvents, 'space.archived', async (event) => {
    const p = event.payload;
    await apply(event, { reason: 'SPACE_ARCHIVED', actorId: p.actorId }, async (manager) => ({ revoked: await closeInvitationsIntoSpace(manager, p.organizationId, p.spaceId) }));
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
    const revocation: AutomaticRevocation = { reason: 'JOINED_OTHERWISE', actorId: p.actorId ?? null, ...(p.actorType ? { actorType: p.actorType } : {}) };
    await apply(event, revocation, async (manager) => ({ revoked: await closeInvitationsOfNewMembers(manager, p.organizationId, [p.email!], accepted) }));
  });
  onEvent(bus, consumer, identityEvents, 'memberships.imported', async (event) => {
    const p = event.payload;
    const emails = p.members.flatMap((m) => (m.email ? [m.email] : []));
    await apply(event, { reason: 'JOINED_OTHERWISE', actorId: p.actorId }, async (manager) => ({ revoked: await closeInvitationsOfNewMembers(manager, p.organizationId, emails) }));
  });
}
