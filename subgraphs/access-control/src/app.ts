import { DataSource } from 'typeorm';
import { EventBus, GatehouseConfig, OutboxRelay, RunningServer, createSubgraphServer, createSubscriptionPubSub, openDataSource } from '@gatehouse/shared';
import { announcePermissionChanges, liveConsumer } from './modules/live/permission-notices';
import { createAccessControlContext } from './context';
import { accessControlInternalRoutes } from './internal-routes';
import { accessControlMigrations } from './migrations';
import { Member } from './modules/members/member.entity';
import { accessControlConsumer, subscribeToIdentityEvents } from './modules/members/members.handlers';
import { OrganizationSettings } from './modules/members/organization-settings.entity';
import { RoleAssignment } from './modules/roles/role-assignment.entity';
import { Role } from './modules/roles/role.entity';
import { RolesService } from './modules/roles/roles.service';
import { CustomRolesService } from './modules/roles/custom-roles.service';
import { SpaceProjection } from './modules/spaces/space-projection.entity';
import { followSpaces } from './modules/spaces/spaces.handlers';
import { MemberSpacesService } from './modules/spaces/spaces.service';
import { PermissionSourcesService } from './modules/permissions/permission-sources.service';
import { PermissionChangeGuard } from './modules/permissions/permission-change-guard';
import { GroupsService } from './modules/groups/groups.service';
import { RolePreviewService } from './modules/roles/role-preview';
import { AuthorizeService } from './modules/resources/authorize.service';
import { ResourceAccess, ResourceAccessEntry } from './modules/resources/resource-access.entity';
import { ResourceAccessService } from './modules/resources/resource-access.service';
import { ProfilesService } from './modules/profiles/profiles.service';
import { GroupMember, GroupUnitLink, MemberGroup } from './modules/groups/group.entity';
import { Profile, ProfileAssignment, ProfileRole } from './modules/profiles/profile.entity';
import { UnitMemberProjection, UnitProjection } from './modules/units/unit-projection.entity';
import { followUnits } from './modules/units/units.handlers';
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
  const roles = new RolesService(dataSource, afterCommit, guard);
  await roles.ensureBuiltInRoles();
  subscribeToIdentityEvents(options.bus, dataSource, roles, afterCommit);
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
    createContext: (viewer, requestId) => createAccessControlContext(viewer, requestId, { roles, permissionSources, profiles, groups, resourceAccess, authorize, rolePreview: new RolePreviewService(dataSource, permissionSources), customRoles, memberSpaces, pubsub, maxPageSize: config.maxPageSize }),
    isReady: async () => (await dataSource.query('SELECT 1')).length > 0,
    withoutShield: options.withoutShield,
    log: options.log,
    internalRoutes: accessControlInternalRoutes({ dataSource, permissionSources, roles, groups, guard }),
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
