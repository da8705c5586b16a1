import { DataSource } from 'typeorm';
import { EventBus, GatehouseConfig, OutboxRelay, PermissionSet, RunningServer, createSubgraphServer, createSubscriptionPubSub, noPermissions, openDataSource, unionOfGrants } from '@gatehouse/shared';
import { announcePermissionChanges, liveConsumer } from './modules/live/permission-notices';
import { createAccessControlContext } from './context';
import { accessControlMigrations } from './migrations';
import { Member } from './modules/members/member.entity';
import { accessControlConsumer, subscribeToIdentityEvents } from './modules/members/members.handlers';
import { OrganizationSettings } from './modules/members/organization-settings.entity';
import { RoleAssignment } from './modules/roles/role-assignment.entity';
import { Role } from './modules/roles/role.entity';
import { RolesService } from './modules/roles/roles.service';
import { RoleAssignmentsService } from './modules/roles/role-assignments.service';
import { CustomRolesService } from './modules/roles/custom-roles.service';
import { SpaceProjection } from './modules/spaces/space-projection.entity';
import { followSpaces } from './modules/spaces/spaces.handlers';
import { MemberSpacesService } from './modules/spaces/spaces.service';
import { effectiveOf } from './modules/permissions/contributions';
import { ALL_SPACES, PermissionSourcesService } from './modules/permissions/permission-sources.service';
import { PermissionChangeGuard } from './modules/permissions/permission-change-guard';
import { checkUnitChanges } from './modules/units/unit-change-check';
import { GroupsService } from './modules/groups/groups.service';
import { RolePreviewService } from './modules/roles/role-preview';
import { AuthorizeService } from './modules/resources/authorize.service';
import { ResourceAccess, ResourceAccessEntry } from './modules/resources/resource-access.entity';
import { ResourceAccessService } from './modules/resources/resource-access.service';
import { ProfilesService } from './modules/profiles/profiles.service';
import { GroupMember, GroupUnitLink, MemberGroup } from './modules/groups/group.entity';
import { Profile, ProfileAssignment, ProfileRole } from './modules/profiles/profile.entity';
import { UnitMemberProjection, UnitProjection } from './modules/units/unit-projection.entity';
import { UnitChanges, followUnits } from './modules/units/units.handlers';
import { accessControlPolicy } from './policy';
import { accessControlSchema } from './schema';

export { accessControlPolicy } from './policy';
export { accessControlSchema } from './schema';
export const accessControlEntities = [Role, RoleAssignment, Member, OrganizationSettings, SpaceProjection, Profile, ProfileRole, ProfileAssignment, MemberGroup, GroupMember, GroupUnitLink, UnitProjection, UnitMemberProjection, ResourceAccess, ResourceAccessEntry];

export interface AccessControlAppOptions {
  config: GatehouseConfig;
  bus: EventBus;
  /** Publish the outbox now (embedded mode: the bus reaches every subgraph in this process). */
  relayEvents: boolean;
  withoutShield?: boolean;
  log?: (message: string, detail?: unknown) => void;
}

export interface AccessControlApp {
  dataSource: DataSource;
  queries: { count: number };
  relay: OutboxRelay;
  listen(port: number, host: string): Promise<RunningServer>;
  /** Drains the server (up to `graceMs`, see RunningServer.stop), then stops the relay and closes the database. */
  stop(graceMs?: number): Promise<void>;
}

/** Builds the access-control subgraph: database, event consumers, signed GraphQL server. */
export async function createAccessControlApp(options: AccessControlAppOptions): Promise<AccessControlApp> {
  const { config } = options;
  const opened = await openDataSource({
    subgraph: 'access-control',
    url: config.databaseUrls['access-control'],
    dataDir: config.dataDir,
    databasePrefix: config.databasePrefix,
    entities: accessControlEntities,
    mysqlMigrations: accessControlMigrations,
  });
  const { dataSource } = opened;
  const relay = new OutboxRelay({ source: 'access-control', dataSource, bus: options.bus, pollMs: config.outboxPollMs, onError: (e) => options.log?.('outbox relay failed; will retry', e) });
  const afterCommit = relay.afterCommit(options.relayEvents);
  const permissionSources = new PermissionSourcesService(dataSource);
  const guard = new PermissionChangeGuard(permissionSources);
  const roles = new RolesService(dataSource);
  const roleAssignments = new RoleAssignmentsService(dataSource, afterCommit, guard, roles);
  await roles.ensureBuiltInRoles();
  subscribeToIdentityEvents(options.bus, dataSource, roles, roleAssignments, afterCommit);
  followSpaces(options.bus, dataSource, accessControlConsumer);
  followUnits(options.bus, dataSource, accessControlConsumer, afterCommit);
  const memberSpaces = new MemberSpacesService(dataSource);
  const customRoles = new CustomRolesService(dataSource, afterCommit, guard);
  const profiles = new ProfilesService(dataSource, afterCommit, guard);
  const groups = new GroupsService(dataSource, afterCommit, guard);
  const resourceAccess = new ResourceAccessService(dataSource, afterCommit);
  const authorize = new AuthorizeService(permissionSources, resourceAccess);
  const pubsub = createSubscriptionPubSub(config.events.redisUrl);
  announcePermissionChanges(options.bus, pubsub);
  const { schema } = await accessControlSchema();
  const server = await createSubgraphServer({
    name: 'access-control',
    schema,
    policy: accessControlPolicy,
    signing: config.requestSigning,
    maxRequestBodyBytes: config.maxRequestBodyBytes,
    createContext: (viewer, requestId) => createAccessControlContext(viewer, requestId, { roles, roleAssignments, permissionSources, profiles, groups, resourceAccess, authorize, rolePreview: new RolePreviewService(dataSource, permissionSources), customRoles, memberSpaces, pubsub, maxPageSize: config.maxPageSize }),
    isReady: async () => (await dataSource.query('SELECT 1')).length > 0,
    withoutShield: options.withoutShield,
    log: options.log,
    internalRoutes: {
      /** The gateway's look-up of a viewer's effective permissions. */
      'viewer-permissions': {
        callers: ['gateway'],
        handle: async (body) => {
          const accountId = String(body.accountId ?? '');
          const organizationId = String(body.organizationId ?? '');
          const sources = await permissionSources.sourcesOf(organizationId, [accountId]);
          return { permissions: effectiveOf(sources.get(accountId)!) };
        },
      },
      /** The organization's roles with their grants (identity's CSV import resolves role names). */
      'organization-roles': {
        callers: ['identity'],
        handle: async (body) => ({
          roles: (await roles.list(String(body.organizationId ?? ''))).map((r) => ({ id: r.id, key: r.key, name: r.name, permissions: r.permissions })),
        }),
      },
      /** Identity's check that a role exists and what it grants (creating a user with a role). */
      'role-permissions': {
        callers: ['identity'],
        handle: async (body) => ({ permissions: await roles.rolePermissions(String(body.organizationId ?? ''), String(body.roleId ?? '')) }),
      },
      /** What members hold in any scope, whatever their status: identity's check that an actor may act on them. */
      'member-reach': {
        callers: ['identity'],
        handle: async (body) => {
          const accountIds = Array.isArray(body.accountIds) ? body.accountIds.map(String).slice(0, 1000) : [];
          const sources = await permissionSources.sourcesOf(String(body.organizationId ?? ''), accountIds, ALL_SPACES);
          return { reach: [...sources.values()].map((s) => ({ accountId: s.accountId, permissions: unionOfGrants(s.grants.map((g) => g.permissions)) })) };
        },
      },
      /** Identity's check, before it commits, that a change to units or unit memberships breaks no permission rule. */
      'unit-changes-check': {
        callers: ['identity'],
        handle: async (body) => {
          const actor = body.actor as { accountId: string; permissions: PermissionSet };
          const violation = await checkUnitChanges(dataSource, guard, groups, { organizationId: String(body.organizationId ?? ''), accountId: String(actor?.accountId ?? ''), permissions: actor?.permissions ?? noPermissions }, (body.changes ?? {}) as UnitChanges);
          return { violation: violation ? { code: violation.code, message: violation.message } : null };
        },
      },
      /** Identity's check of who holds a built-in role (the designated Super Admin rules). */
      'role-holders': {
        callers: ['identity'],
        handle: async (body) => {
          const accountIds = Array.isArray(body.accountIds) ? body.accountIds.map(String).slice(0, 100) : [];
          return { holders: await roleAssignments.holdersOf(String(body.organizationId ?? ''), String(body.roleKey ?? ''), accountIds) };
        },
      },
    },
  });
  if (options.relayEvents) relay.start();
  let running: RunningServer | null = null;
  return {
    dataSource,
    queries: opened.queries,
    relay,
    listen: async (port, host) => (running = await server.listen(port, host)),
    stop: async (graceMs?: number) => {
      await running?.stop(graceMs);
      options.bus.detach(accessControlConsumer);
      options.bus.detach(liveConsumer);
      await relay.stop();
      await dataSource.destroy();
      await pubsub.close();
    },
  };
}
