import { SubgraphDefinition, SubgraphKit, SubgraphParts } from '@gatehouse/shared';
import { accessControlEvents, permissionChangingTypes } from '@gatehouse/access-control-contracts';
import { announcePermissionChanges } from './modules/live/permission-notices';
import { createAccessControlContext } from './context';
import { accessControlInternalRoutes } from './internal-routes';
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

/** The access-control subgraph: what it is made of (its descriptor is ./subgraph.ts). */
export const accessControlDefinition: SubgraphDefinition = {
  entities: accessControlEntities,
  mysqlMigrations: accessControlMigrations,
  schema: accessControlSchema,
  policy: accessControlPolicy,
  produces: accessControlEvents,
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
    ...permissionChangingTypes,
  ],
  build: buildAccessControl,
};

/** Access control's services, event consumers and internal routes on the kit's database and bus. */
async function buildAccessControl(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource, bus, pubsub } = kit;
  const afterCommit = kit.afterCommit;
  const permissionSources = new PermissionSourcesService(dataSource);
  const guard = new PermissionChangeGuard(permissionSources);
  const roles = new RolesService(dataSource);
  const roleAssignments = new RoleAssignmentsService(dataSource, afterCommit, guard, roles);
  await roles.ensureBuiltInRoles();
  subscribeToIdentityEvents(bus, dataSource, roles, roleAssignments, afterCommit);
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
    createContext: (viewer, requestId) => createAccessControlContext(viewer, requestId, { roles, roleAssignments, permissionSources, profiles, groups, resourceAccess, authorize, rolePreview: new RolePreviewService(dataSource, permissionSources), customRoles, memberSpaces, pubsub, maxPageSize: config.maxPageSize }),
    internalRoutes: accessControlInternalRoutes({ dataSource, permissionSources, roles, roleAssignments, groups, guard }),
  };
}
