import DataLoader from 'dataloader';
import { PermissionSet, Viewer, noPermissions } from '@gatehouse/shared';
import { Member } from './modules/members/member.entity';
import { RoleRecord } from './modules/roles/role-record';
import { RolesService } from './modules/roles/roles.service';

export interface AccessControlServices {
  roles: RolesService;
}

/** Per-request loaders, all scoped to the viewer's organization. */
export interface AccessControlLoaders {
  memberByAccountId: DataLoader<string, Member | null>;
  rolesByAccountId: DataLoader<string, RoleRecord[]>;
  effectivePermissionsByAccountId: DataLoader<string, PermissionSet>;
  rolesOfOrganization: () => Promise<RoleRecord[]>;
}

export interface AccessControlContext {
  viewer: Viewer;
  requestId: string;
  services: AccessControlServices;
  loaders: AccessControlLoaders;
}

export function createAccessControlContext(viewer: Viewer, requestId: string, services: AccessControlServices): AccessControlContext {
  const organizationId = viewer.kind === 'member' ? viewer.organizationId : null;
  let organizationRoles: Promise<RoleRecord[]> | null = null;
  return {
    viewer,
    requestId,
    services,
    loaders: {
      memberByAccountId: new DataLoader(async (ids) => {
        if (!organizationId) return ids.map(() => null);
        const members = await services.roles.membersAmong(organizationId, ids);
        return ids.map((id) => members.get(id) ?? null);
      }),
      rolesByAccountId: new DataLoader(async (ids) => {
        if (!organizationId) return ids.map(() => []);
        const roles = await services.roles.rolesOfMembers(organizationId, ids);
        return ids.map((id) => roles.get(id) ?? []);
      }),
      effectivePermissionsByAccountId: new DataLoader(async (ids) => {
        if (!organizationId) return ids.map(() => noPermissions);
        const permissions = await services.roles.effectivePermissions(organizationId, ids);
        return ids.map((id) => permissions.get(id) ?? noPermissions);
      }),
      rolesOfOrganization: () => (organizationRoles ??= organizationId ? services.roles.list(organizationId) : Promise.resolve([])),
    },
  };
}
