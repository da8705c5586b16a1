import { DataSource, In } from 'typeorm';
import { ImplementedRoute, implementRoute, unionOfGrants } from '@gatehouse/shared';
import { accountPermissionsRoute, applyAccessRequestRoute, limitScopesRoute, limitTargetsRoute, inviterScopeRoute, inviterScopesRoute, memberReachRoute, organizationRolesRoute, roleHoldersRoute, rolePermissionsRoute, spacesReachedRoute, unitChangesCheckRoute, viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { GroupsService } from './modules/groups/groups.service';
import { applyAccessRequest } from './modules/requests/apply-access-request';
import { effectiveOf } from './modules/permissions/contributions';
import { PermissionChangeGuard } from './modules/permissions/permission-change-guard';
import { ALL_SPACES, PermissionSourcesService } from './modules/permissions/permission-sources.service';
import { spacesReached } from './modules/permissions/spaces-reached';
import { RoleAssignmentsService } from './modules/roles/role-assignments.service';
import { RolesService } from './modules/roles/roles.service';
import { checkUnitChanges } from './modules/units/unit-change-check';
import { OrganizationSettings } from './modules/members/organization-settings.entity';
import { SpaceProjection } from './modules/spaces/space-projection.entity';
import { Member } from './modules/members/member.entity';
import { MemberGroup } from './modules/groups/group.entity';
import { UnitProjection } from './modules/units/unit-projection.entity';

export interface AccessControlRouteDeps {
  dataSource: DataSource;
  permissionSources: PermissionSourcesService;
  roles: RolesService;
  roleAssignments: RoleAssignmentsService;
  groups: GroupsService;
  guard: PermissionChangeGuard;
}

/** Access control's internal routes (contracts in @gatehouse/access-control-contracts), for the gateway, identity, invitations, inquiries and metering. */
export function accessControlInternalRoutes({ dataSource, permissionSources, roles, roleAssignments, groups, guard }: AccessControlRouteDeps): ImplementedRoute[] {
  return [
    implementRoute(applyAccessRequestRoute, (input) => applyAccessRequest({ dataSource, permissionSources, roleAssignments, groups }, input)),
    implementRoute(viewerPermissionsRoute, async ({ organizationId, accountId }) => {
      const sources = await permissionSources.sourcesOf(organizationId, [accountId]);
      return { permissions: effectiveOf(sources.get(accountId)!) };
    }),
    implementRoute(organizationRolesRoute, async ({ organizationId }) => ({
      roles: (await roles.list(organizationId)).map((r) => ({ id: r.id, key: r.key, name: r.name, permissions: r.permissions })),
    })),
    implementRoute(rolePermissionsRoute, async ({ organizationId, roleId }) => ({ permissions: await roles.rolePermissions(organizationId, roleId) })),
    implementRoute(inviterScopeRoute, async ({ organizationId, accountId, spaceId }) => {
      const [sources, space, settings] = await Promise.all([
        permissionSources.sourcesOf(organizationId, [accountId], spaceId),
        spaceId ? dataSource.getRepository(SpaceProjection).findOneBy({ id: spaceId, organizationId, archived: false }) : null,
        dataSource.getRepository(OrganizationSettings).findOneBy({ organizationId }),
      ]);
      // An unknown or archived space grants nothing there: the permissions are then the organization's only.
      return { permissions: effectiveOf(sources.get(accountId)!), spaceFound: !spaceId || space !== null, defaultRoleId: settings?.defaultRoleId ?? null };
    }),
    implementRoute(inviterScopesRoute, async ({ organizationId, accountId, spaceIds }) => {
      const distinct = [...new Set(spaceIds)];
      const [organization, live, settings] = await Promise.all([
        permissionSources.sourcesOf(organizationId, [accountId]),
        distinct.length ? dataSource.getRepository(SpaceProjection).findBy({ id: In(distinct), organizationId, archived: false }) : [],
        dataSource.getRepository(OrganizationSettings).findOneBy({ organizationId }),
      ]);
      const found = new Set(live.map((s) => s.id));
      const own = effectiveOf(organization.get(accountId)!);
      // One resolution per live space (a bulk invite names few); an unknown or archived one grants the organization's only.
      const spaces = await Promise.all(
        distinct.map(async (spaceId) => ({
          spaceId,
          found: found.has(spaceId),
          permissions: found.has(spaceId) ? effectiveOf((await permissionSources.sourcesOf(organizationId, [accountId], spaceId)).get(accountId)!) : own,
        })),
      );
      return { organization: own, spaces, defaultRoleId: settings?.defaultRoleId ?? null };
    }),
    implementRoute(memberReachRoute, async ({ organizationId, accountIds }) => {
      const sources = await permissionSources.sourcesOf(organizationId, accountIds, ALL_SPACES);
      return { reach: [...sources.values()].map((s) => ({ accountId: s.accountId, permissions: unionOfGrants(s.grants.map((g) => g.permissions)) })) };
    }),
    implementRoute(unitChangesCheckRoute, async ({ organizationId, actor, changes }) => {
      const violation = await checkUnitChanges(dataSource, guard, groups, { organizationId, accountId: actor.accountId, permissions: actor.permissions }, changes);
      return { violation: violation ? { code: violation.code, message: violation.message } : null };
    }),
    implementRoute(roleHoldersRoute, async ({ organizationId, roleKey, accountIds }) => ({ holders: await roleAssignments.holdersOf(organizationId, roleKey, accountIds) })),
    implementRoute(spacesReachedRoute, ({ organizationId, accountId, area, level }) => spacesReached(dataSource, permissionSources, organizationId, accountId, area, level)),
    implementRoute(accountPermissionsRoute, async ({ accountId, organizationIds }) => ({
      // One resolution per organization (an account belongs to few); each is a fixed number of statements.
      organizations: await Promise.all(
        [...new Set(organizationIds)].map(async (organizationId) => ({ organizationId, permissions: effectiveOf((await permissionSources.sourcesOf(organizationId, [accountId])).get(accountId)!) })),
      ),
    })),
    implementRoute(limitScopesRoute, async ({ organizationId, accountIds }) => ({
      // The same reading of units and groups as permissions (a fixed number of statements for the batch).
      members: [...(await permissionSources.sourcesOf(organizationId, accountIds)).values()].map((s) => ({
        accountId: s.accountId,
        member: s.isMember,
        unitIds: s.units,
        groupIds: [...new Set(s.grants.flatMap((g) => (g.contribution.kind === 'GROUP' || g.contribution.kind === 'UNIT_LINK' ? [g.contribution.groupId] : [])))],
      })),
    })),
    implementRoute(limitTargetsRoute, async ({ organizationId, accountIds, groupIds, unitIds }) => {
      const [members, found, units] = await Promise.all([
        accountIds.length ? dataSource.getRepository(Member).findBy({ organizationId, accountId: In(accountIds) }) : [],
        groupIds.length ? dataSource.getRepository(MemberGroup).findBy({ organizationId, id: In(groupIds) }) : [],
        unitIds.length ? dataSource.getRepository(UnitProjection).findBy({ organizationId, id: In(unitIds) }) : [],
      ]);
      return { accountIds: members.map((m) => m.accountId), groupIds: found.map((g) => g.id), unitIds: units.map((u) => u.id) };
    }),
  ];
}
