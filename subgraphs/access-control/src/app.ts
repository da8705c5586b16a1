import { PermissionSet, SubgraphDefinition, SubgraphKit, SubgraphParts, noPermissions, permissionChangingEvents, unionOfGrants } from '@gatehouse/shared';
import { announcePermissionChanges } from './modules/live/permission-notices';
import { createAccessControlContext } from './context';
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

/** The access-control subgraph: what it is made of (its descriptor is ./subgraph.ts). */
export const accessControlDefinition: SubgraphDefinition = {
  entities: accessControlEntities,
  mysqlMigrations: accessControlMigrations,
  schema: accessControlSchema,
  policy: accessControlPolicy,
  consumes: [
    // identity's news about organizations, members, spaces and units
    'organization.created',
    'organization.designated_super_admin_changed',
    'membership.created',
    'memberships.imported',
    'user.deleted',
    'membership.status_changed',
    'space.created',
    'space.archived',
    'space.restored',
    'org_units.changed',
    // its own changes to permissions, announced to viewerPermissionsChanged subscribers
    ...Object.keys(permissionChangingEvents),
  ],
  build: buildAccessControl,
};

/** Access control's services, event consumers and internal routes on the kit's database and bus. */
async function buildAccessControl(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource, bus, pubsub } = kit;
  const afterCommit = kit.afterCommit;
  const permissionSources = new PermissionSourcesService(dataSource);
  const guard = new PermissionChangeGuard(permissionSources);
  const roles = new RolesService(dataSource, afterCommit, guard);
  await roles.ensureBuiltInRoles();
  subscribeToIdentityEvents(bus, dataSource, roles, afterCommit);
  followSpaces(bus, dataSource, accessControlConsumer);
  followUnits(bus, dataSource, accessControlConsumer, afterCommit);
  const memberSpaces = new MemberSpacesService(dataSource);
  const customRoles = new CustomRolesService(dataSource, afterCommit, guard);
  const profiles = new ProfilesService(dataSource, afterCommit, guard);
  const groups = new GroupsService(dataSource, afterCommit, guard);
  const resourceAccess = new ResourceAccessService(dataSource, afterCommit);
  const authorize = new AuthorizeService(permissionSources, resourceAccess);
  announcePermissionChanges(bus, pubsub);
  return {
    createContext: (viewer, requestId) => createAccessControlContext(viewer, requestId, { roles, permissionSources, profiles, groups, resourceAccess, authorize, rolePreview: new RolePreviewService(dataSource, permissionSources), customRoles, memberSpaces, pubsub, maxPageSize: config.maxPageSize }),
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
          return { holders: await roles.holdersOf(String(body.organizationId ?? ''), String(body.roleKey ?? ''), accountIds) };
        },
      },
    },
  };
}
