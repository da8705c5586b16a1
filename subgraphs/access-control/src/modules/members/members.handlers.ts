import { DataSource } from 'typeorm';
import { EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { RoleAssignmentsService } from '../roles/role-assignments.service';
import { RolesService } from '../roles/roles.service';

/** Access control's consumer group on the bus. */
export const accessControlConsumer = 'access-control';
const consumer = accessControlConsumer;

/** Keeps access control's projection of organizations and members in step with identity's events. */
export function subscribeToIdentityEvents(bus: EventBus, dataSource: DataSource, roles: RolesService, assignments: RoleAssignmentsService, afterCommit: () => Promise<void>): void {
  // Handlers that record events of their own hand them to the relay at once (not awaited: the
  // in-process bus may be delivering on behalf of another subgraph's relay).
  const publish = () => void afterCommit();
  onEvent(bus, consumer, identityEvents, 'organization.created', async (event) => {
    await consumeOnce(dataSource, consumer, event, (manager) => roles.seedOrganization(manager, event.payload.organizationId, event.payload.firstAccountId));
  });
  onEvent(bus, consumer, identityEvents, 'organization.designated_super_admin_changed', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.setDesignatedSuperAdmin(manager, p.organizationId, p.to));
  });
  onEvent(bus, consumer, identityEvents, 'membership.created', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) =>
      assignments.addMember(manager, {
        organizationId: p.organizationId,
        accountId: p.accountId,
        status: p.status,
        isFirstUser: p.isFirstUser,
        roleId: p.roleId ?? null,
        spaceId: p.spaceId ?? null,
        assignedBy: p.actorId ?? null,
      }),
    );
    publish();
  });
  // A CSV import announces its members a chunk at a time: one transaction per chunk here too.
  onEvent(bus, consumer, identityEvents, 'memberships.imported', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.addImportedMembers(manager, p.organizationId, p.actorId, p.members));
    publish();
  });
  onEvent(bus, consumer, identityEvents, 'user.deleted', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.purgeMember(manager, p.organizationId, p.accountId));
  });
  onEvent(bus, consumer, identityEvents, 'membership.status_changed', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.setMemberStatus(manager, p.organizationId, p.accountId, p.to));
    publish();
  });
}
