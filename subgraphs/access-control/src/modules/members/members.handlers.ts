import { DataSource } from 'typeorm';
import { EventBus, consumeOnce } from '@gatehouse/shared';
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
  bus.subscribe(consumer, 'organization.created', async (event) => {
    await consumeOnce(dataSource, consumer, event, (manager) => roles.seedOrganization(manager, String(event.payload.organizationId), String(event.payload.firstAccountId)));
  });
  bus.subscribe(consumer, 'organization.designated_super_admin_changed', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.setDesignatedSuperAdmin(manager, String(p.organizationId), String(p.to)));
  });
  bus.subscribe(consumer, 'membership.created', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) =>
      assignments.addMember(manager, {
        organizationId: String(p.organizationId),
        accountId: String(p.accountId),
        status: p.status === 'ACTIVE' ? 'ACTIVE' : 'PENDING',
        isFirstUser: Boolean(p.isFirstUser),
        roleId: typeof p.roleId === 'string' ? p.roleId : null,
        assignedBy: typeof p.actorId === 'string' ? p.actorId : null,
      }),
    );
    publish();
  });
  // A CSV import announces its members a chunk at a time: one transaction per chunk here too.
  bus.subscribe(consumer, 'memberships.imported', async (event) => {
    const p = event.payload as { organizationId: string; actorId: string; members: { accountId: string; roleId: string | null }[] };
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.addImportedMembers(manager, p.organizationId, p.actorId, p.members));
    publish();
  });
  bus.subscribe(consumer, 'user.deleted', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => assignments.purgeMember(manager, String(p.organizationId), String(p.accountId)));
  });
  bus.subscribe(consumer, 'membership.status_changed', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) =>
      assignments.setMemberStatus(manager, String(p.organizationId), String(p.accountId), p.to === 'ACTIVE' ? 'ACTIVE' : 'PENDING'),
    );
    publish();
  });
}
