import DataLoader from 'dataloader';
import { SubscriptionPubSub, Viewer, organizationIdOf } from '@gatehouse/shared';
import { Member } from './modules/members/member.entity';
import { RoleRecord } from './modules/roles/role-record';
import { RolesService } from './modules/roles/roles.service';
import { RoleAssignmentsService } from './modules/roles/role-assignments.service';
import { MemberSpacesService } from './modules/spaces/spaces.service';
import { MemberSources } from './modules/permissions/contributions';
import { PermissionSourcesService } from './modules/permissions/permission-sources.service';
import { GroupsService } from './modules/groups/groups.service';
import { RolePreviewService } from './modules/roles/role-preview';
import { AuthorizeService } from './modules/resources/authorize.service';
import { ResourceAccessService } from './modules/resources/resource-access.service';
import { ProfilesService } from './modules/profiles/profiles.service';
import { CustomRolesService } from './modules/roles/custom-roles.service';

export interface AccessControlServices {
  roles: RolesService;
  roleAssignments: RoleAssignmentsService;
  permissionSources: PermissionSourcesService;
  profiles: ProfilesService;
  groups: GroupsService;
  resourceAccess: ResourceAccessService;
  authorize: AuthorizeService;
  rolePreview: RolePreviewService;
  customRoles: CustomRolesService;
  memberSpaces: MemberSpacesService;
  /** Live notices for subscriptions (in memory, or Redis pub/sub in distributed mode). */
  pubsub: SubscriptionPubSub;
  maxPageSize: number;
}

/** Per-request loaders, all scoped to the viewer's organization. */
export interface AccessControlLoaders {
  memberByAccountId: DataLoader<string, Member | null>;
  rolesByAccountId: DataLoader<string, RoleRecord[]>;
  /** Every source of a member's permissions, keyed `accountId` or `accountId|spaceId`. */
  permissionSources: DataLoader<string, MemberSources>;
  rolesOfOrganization: () => Promise<RoleRecord[]>;
  spacesByAccountId: DataLoader<string, string[]>;
  defaultRoleId: () => Promise<string | null>;
}

export interface AccessControlContext {
  viewer: Viewer;
  requestId: string;
  services: AccessControlServices;
  loaders: AccessControlLoaders;
}

export function createAccessControlContext(viewer: Viewer, requestId: string, services: AccessControlServices): AccessControlContext {
  const organizationId = organizationIdOf(viewer);
  let organizationRoles: Promise<RoleRecord[]> | null = null;
  let defaultRole: Promise<string | null> | null = null;
  const memberByAccountId = new DataLoader<string, Member | null>(async (ids) => {
    if (!organizationId) return ids.map(() => null);
    const members = await services.roleAssignments.membersAmong(organizationId, ids);
    return ids.map((id) => members.get(id) ?? null);
  });
  const rolesByAccountId = new DataLoader<string, RoleRecord[]>(async (ids) => {
    if (!organizationId) return ids.map(() => []);
    const roles = await services.roleAssignments.rolesOfMembers(organizationId, ids);
    return ids.map((id) => roles.get(id) ?? []);
  });
  return {
    viewer,
    requestId,
    services,
    loaders: {
      memberByAccountId,
      rolesByAccountId,
      // Built from the two loaders above, so `roles` and `effectivePermissions` together still cost two statements.
      permissionSources: new DataLoader(async (keys) => {
        const empty = (key: string): MemberSources => ({ accountId: key.split('|')[0], isMember: false, active: false, grants: [], units: [] });
        if (!organizationId) return keys.map(empty);
        // One batch per space asked about (usually one): a fixed number of statements per batch.
        const bySpace = new Map<string, string[]>();
        for (const key of keys) {
          const [accountId, spaceId = ''] = key.split('|');
          bySpace.set(spaceId, [...(bySpace.get(spaceId) ?? []), accountId]);
        }
        const found = new Map<string, MemberSources>();
        for (const [spaceId, accountIds] of bySpace) {
          for (const [accountId, sources] of await services.permissionSources.sourcesOf(organizationId, accountIds, spaceId || null)) found.set(spaceId ? `${accountId}|${spaceId}` : accountId, sources);
        }
        return keys.map((key) => found.get(key) ?? empty(key));
      }),
      spacesByAccountId: new DataLoader(async (ids) => {
        if (!organizationId) return ids.map(() => []);
        const spaces = await services.memberSpaces.spacesOf(organizationId, ids);
        return ids.map((id) => spaces.get(id) ?? []);
      }),
      defaultRoleId: () => (defaultRole ??= organizationId ? services.customRoles.defaultRoleId(organizationId) : Promise.resolve(null)),
      rolesOfOrganization: () => (organizationRoles ??= organizationId ? services.roles.list(organizationId) : Promise.resolve([])),
    },
  };
}
