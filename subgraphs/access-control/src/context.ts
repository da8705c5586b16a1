import DataLoader from 'dataloader';
import { PermissionSet, Viewer, noPermissions, organizationIdOf } from '@gatehouse/shared';
import { Member } from './modules/members/member.entity';
import { RoleRecord } from './modules/roles/role-record';
import { RolesService, permissionsOfMember } from './modules/roles/roles.service';
import { MemberSpacesService } from './modules/spaces/spaces.service';
import { CustomRolesService } from './modules/roles/custom-roles.service';

export interface AccessControlServices {
  roles: RolesService;
  customRoles: CustomRolesService;
  memberSpaces: MemberSpacesService;
  maxPageSize: number;
}

/** Per-request loaders, all scoped to the viewer's organization. */
export interface AccessControlLoaders {
  memberByAccountId: DataLoader<string, Member | null>;
  rolesByAccountId: DataLoader<string, RoleRecord[]>;
  effectivePermissionsByAccountId: DataLoader<string, PermissionSet>;
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
    const members = await services.roles.membersAmong(organizationId, ids);
    return ids.map((id) => members.get(id) ?? null);
  });
  const rolesByAccountId = new DataLoader<string, RoleRecord[]>(async (ids) => {
    if (!organizationId) return ids.map(() => []);
    const roles = await services.roles.rolesOfMembers(organizationId, ids);
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
      effectivePermissionsByAccountId: new DataLoader(async (ids) => {
        const [members, roles] = await Promise.all([memberByAccountId.loadMany(ids), rolesByAccountId.loadMany(ids)]);
        return ids.map((_id, i) => {
          const [member, held] = [members[i], roles[i]];
          return member instanceof Error || held instanceof Error ? noPermissions : permissionsOfMember(member, held);
        });
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
