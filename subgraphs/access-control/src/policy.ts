import { Area, Level, Policy, activeMember, asParent, authenticated, can, fields, isSelf, or } from '@gatehouse/shared';

const readRoles = can(Area.TEAM_ROLES, Level.READ);
const manageRoles = can(Area.TEAM_ROLES, Level.WRITE);
// Groups live with user management (Cloosphere: Admin > Users > Groups).
const readGroups = can(Area.TEAM_MEMBERS, Level.READ);
const manageGroups = can(Area.TEAM_MEMBERS, Level.WRITE);

/** Every field of the access-control subgraph and what it requires. */
export const accessControlPolicy: Policy = {
  Query: {
    roles: readRoles,
    permissionMatrix: readRoles,
    securityProfiles: readRoles,
    groups: readGroups,
    defaultPermissions: readRoles,
    explainAccess: readRoles,
    previewRoleChange: readRoles,
    // Any member or API key may ask about itself; about others takes Team Roles READ (checked by the resolver).
    authorize: activeMember,
    resourceAccess: activeMember,
  },
  Subscription: {
    // Any person about themselves (PENDING too: they hear when they are let in); decided in subscribe.
    viewerPermissionsChanged: authenticated,
  },
  Mutation: {
    assignRole: manageRoles,
    revokeRole: manageRoles,
    createRole: manageRoles,
    updateRole: manageRoles,
    deleteRole: manageRoles,
    setDefaultRole: manageRoles,
    createSecurityProfile: manageRoles,
    updateSecurityProfile: manageRoles,
    deleteSecurityProfile: manageRoles,
    assignSecurityProfile: manageRoles,
    revokeSecurityProfile: manageRoles,
    createGroup: manageGroups,
    updateGroup: manageGroups,
    deleteGroup: manageGroups,
    addGroupMembers: manageGroups,
    removeGroupMembers: manageGroups,
    linkGroupUnit: manageGroups,
    unlinkGroupUnit: manageGroups,
    setDefaultPermissions: manageRoles,
    // WRITE in the resource's area and its sharing switch, checked by the service (the area depends on the input).
    setResourceAccess: activeMember,
  },
  User: {
    id: authenticated,
    roles: or(isSelf(), readRoles),
    effectivePermissions: or(isSelf(), readRoles),
    spaces: or(isSelf(), can(Area.TEAM_MEMBERS, Level.READ)),
    securityProfiles: or(isSelf(), readRoles),
    groups: or(isSelf(), readGroups),
    can: or(isSelf(), readRoles),
  },
  RoleChangePreview: fields(readRoles, 'holders', 'affected', 'members'),
  MemberAccessChange: fields(readRoles, 'user', 'changes', 'capabilitiesGained', 'capabilitiesLost'),
  LevelChange: fields(asParent, 'area', 'from', 'to'),
  ViewerPermissionsChange: fields(authenticated, 'user', 'space', 'permissions', 'previous', 'changes', 'capabilitiesGained', 'capabilitiesLost', 'changedAt'),
  AccessDecision: fields(activeMember, 'allowed', 'effectiveLevel', 'reason'),
  ResourceAccess: fields(activeMember, 'resourceType', 'resourceId', 'visibility', 'entries'),
  ResourceAccessEntry: fields(activeMember, 'principalType', 'principalId', 'level', 'user', 'group', 'unit'),
  ResourceAccessPayload: fields(activeMember, 'access', 'userErrors'),
  OrganizationalUnit: { id: activeMember },
  SecurityProfile: { id: activeMember, name: activeMember, description: activeMember, roles: readRoles },
  SecurityProfilePayload: fields(manageRoles, 'profile', 'userErrors'),
  SecurityProfileChangePayload: fields(manageRoles, 'user', 'userErrors'),
  Group: { id: activeMember, name: activeMember, description: activeMember, grants: readGroups, capabilities: readGroups, linkedUnits: readGroups, members: readGroups },
  GroupMemberConnection: fields(readGroups, 'edges', 'pageInfo', 'totalCount'),
  GroupMemberEdge: fields(readGroups, 'cursor', 'node', 'source', 'unit'),
  UserGroupMembership: fields(activeMember, 'group', 'source', 'unit'),
  GroupPayload: fields(manageGroups, 'group', 'userErrors'),
  DefaultPermissions: fields(readRoles, 'grants', 'capabilities'),
  DefaultPermissionsPayload: fields(manageRoles, 'defaultPermissions', 'userErrors'),
  AccessExplanation: fields(readRoles, 'user', 'area', 'space', 'level', 'activeMember', 'contributions'),
  AccessContribution: fields(readRoles, 'kind', 'level', 'role', 'space', 'profile', 'group', 'unit'),
  Space: { id: activeMember },
  Role: { id: activeMember, key: activeMember, name: activeMember, description: activeMember, builtIn: activeMember, grants: readRoles, capabilities: readRoles, members: can(Area.TEAM_MEMBERS, Level.READ), isDefault: readRoles, manageTeam: readRoles },
  RolePayload: { role: manageRoles, userErrors: manageRoles },
  DeleteRolePayload: { deletedRoleId: manageRoles, reassignedMembers: manageRoles, userErrors: manageRoles },
  // Value types: decided by the guarded field that returned them (no wrapper per list item).
  RoleMemberConnection: fields(asParent, 'edges', 'pageInfo', 'totalCount'),
  RoleMemberEdge: fields(asParent, 'cursor', 'node'),
  PageInfo: fields(asParent, 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'),
  PermissionGrant: fields(asParent, 'area', 'level'),
  EffectivePermissions: fields(asParent, 'grants', 'capabilities'),
  PermissionMatrix: { roles: readRoles, rows: readRoles },
  PermissionMatrixRow: { area: readRoles, areaName: readRoles, description: readRoles, cells: readRoles },
  PermissionMatrixCell: { roleId: readRoles, level: readRoles },
  RoleChangePayload: { user: manageRoles, userErrors: manageRoles },
  AccessControlUserError: fields(asParent, 'field', 'code', 'message'),
};
