import { Area, Level, Policy, activeMember, authenticated, can, isSelf, or } from '@gatehouse/shared';

const readRoles = can(Area.TEAM_ROLES, Level.READ);
const manageRoles = can(Area.TEAM_ROLES, Level.WRITE);

/** Every field of the access-control subgraph and what it requires. */
export const accessControlPolicy: Policy = {
  Query: {
    roles: readRoles,
    permissionMatrix: readRoles,
  },
  Mutation: {
    assignRole: manageRoles,
    revokeRole: manageRoles,
    createRole: manageRoles,
    updateRole: manageRoles,
    deleteRole: manageRoles,
    setDefaultRole: manageRoles,
  },
  User: {
    id: authenticated,
    roles: or(isSelf(), readRoles),
    effectivePermissions: or(isSelf(), readRoles),
    spaces: or(isSelf(), can(Area.TEAM_MEMBERS, Level.READ)),
  },
  Space: { id: activeMember },
  Role: { id: activeMember, key: activeMember, name: activeMember, description: activeMember, builtIn: activeMember, grants: readRoles, capabilities: readRoles, members: can(Area.TEAM_MEMBERS, Level.READ), isDefault: readRoles, manageTeam: readRoles },
  RolePayload: { role: manageRoles, userErrors: manageRoles },
  DeleteRolePayload: { deletedRoleId: manageRoles, reassignedMembers: manageRoles, userErrors: manageRoles },
  RoleMemberConnection: { edges: activeMember, pageInfo: activeMember, totalCount: activeMember },
  RoleMemberEdge: { cursor: activeMember, node: activeMember },
  PageInfo: { hasNextPage: authenticated, hasPreviousPage: authenticated, startCursor: authenticated, endCursor: authenticated },
  PermissionGrant: { area: authenticated, level: authenticated },
  EffectivePermissions: { grants: authenticated, capabilities: authenticated },
  PermissionMatrix: { roles: readRoles, rows: readRoles },
  PermissionMatrixRow: { area: readRoles, areaName: readRoles, description: readRoles, cells: readRoles },
  PermissionMatrixCell: { roleId: readRoles, level: readRoles },
  RoleChangePayload: { user: manageRoles, userErrors: manageRoles },
  UserError: { field: authenticated, code: authenticated, message: authenticated },
};
