import { z } from 'zod';
import { Area, Level, RouteOutput, changeOutcomeSchema, defineInternalRoute, permissionSetSchema } from '@gatehouse/shared';
// Units are identity's: the change checked here is the one identity's org_units.changed event will carry.
import { unitChangesSchema } from '@gatehouse/identity-contracts';

/** Ids as the databases hold them (uuids): bounded so a body cannot smuggle megabytes through one field. */
const id = z.string().min(1).max(64);
const service = 'access-control';

/** The gateway's look-up of a viewer's effective permissions. */
export const viewerPermissionsRoute = defineInternalRoute({
  service,
  name: 'viewer-permissions',
  callers: ['gateway'],
  input: z.object({ organizationId: id, accountId: id }),
  output: z.object({ permissions: permissionSetSchema }),
});

const organizationRole = z.object({ id, key: z.string().nullable(), name: z.string(), permissions: permissionSetSchema });
export type OrganizationRole = z.output<typeof organizationRole>;

/** The organization's roles with their grants (identity's CSV import and bulk invites resolve role names; invitation e-mails and the accept page name the role). */
export const organizationRolesRoute = defineInternalRoute({
  service,
  name: 'organization-roles',
  // Inquiries: a permission request names one of the organization's roles.
  callers: ['identity', 'invitations', 'inquiries'],
  input: z.object({ organizationId: id }),
  output: z.object({ roles: z.array(organizationRole) }),
});

/** Whether a role exists and what it grants (identity creating a user, invitations inviting with a role); null: no such role here. */
export const rolePermissionsRoute = defineInternalRoute({
  service,
  name: 'role-permissions',
  callers: ['identity', 'invitations'],
  input: z.object({ organizationId: id, roleId: id }),
  output: z.object({ permissions: permissionSetSchema.nullable() }),
});

/**
 * What the invitations subgraph checks before it invites: what the inviter holds where the invite
 * gives access (the organization, or the organization and one space), whether that space exists
 * and is live, and the organization's default role (an invite naming no role gets it).
 */
export const inviterScopeRoute = defineInternalRoute({
  service,
  name: 'inviter-scope',
  callers: ['invitations'],
  input: z.object({ organizationId: id, accountId: id, spaceId: id.nullable() }),
  output: z.object({ permissions: permissionSetSchema, spaceFound: z.boolean(), defaultRoleId: id.nullable() }),
});

/** How many spaces one inviter-scopes call may name (a bulk invite has at most 1,000 rows). */
export const maxInviterScopeSpaces = 1000;

/**
 * inviter-scope for a bulk invite, in one call: what the inviter holds in the organization, and in
 * it and each of these spaces (the organization's only for a space that is unknown or archived).
 */
export const inviterScopesRoute = defineInternalRoute({
  service,
  name: 'inviter-scopes',
  callers: ['invitations'],
  input: z.object({ organizationId: id, accountId: id, spaceIds: z.array(id).max(maxInviterScopeSpaces) }),
  output: z.object({
    organization: permissionSetSchema,
    spaces: z.array(z.object({ spaceId: id, found: z.boolean(), permissions: permissionSetSchema })),
    defaultRoleId: id.nullable(),
  }),
});

/** How many members one member-reach call may name (identity asks in chunks of this size). */
export const maxReachAccounts = 1000;

/** What members hold in any scope, whatever their status: identity's and metering's (a member's token limit) check that an actor may act on them. */
export const memberReachRoute = defineInternalRoute({
  service,
  name: 'member-reach',
  // Inquiries: whether an assignee or an admin asking for mail holds Inquiries WRITE.
  callers: ['identity', 'metering', 'inquiries'],
  input: z.object({ organizationId: id, accountIds: z.array(id).max(maxReachAccounts) }),
  output: z.object({ reach: z.array(z.object({ accountId: id, permissions: permissionSetSchema })) }),
});

/** Identity's check, before it commits, that a change to units or unit memberships breaks no permission rule. */
export const unitChangesCheckRoute = defineInternalRoute({
  service,
  name: 'unit-changes-check',
  callers: ['identity'],
  input: z.object({ organizationId: id, actor: z.object({ accountId: id, permissions: permissionSetSchema }), changes: unitChangesSchema }),
  output: z.object({ violation: z.object({ code: z.string(), message: z.string() }).nullable() }),
});

/** How many members one role-holders call may name. */
export const maxRoleHolderAccounts = 100;

/** Identity's check of who holds a built-in role (the designated Super Admin rules). */
export const roleHoldersRoute = defineInternalRoute({
  service,
  name: 'role-holders',
  callers: ['identity'],
  input: z.object({ organizationId: id, roleKey: z.string().min(1).max(64), accountIds: z.array(id).max(maxRoleHolderAccounts) }),
  output: z.object({ holders: z.array(id) }),
});

/**
 * Where a member's effective permissions reach an area at a level: `organizationWide` when they do
 * across the organization (then every live space is listed), else the live (not archived) spaces
 * where roles held in that space lift them there. Metering's space-scoped Analytics grants: a
 * member with Analytics READ in a space sees that space's usage.
 */
export const spacesReachedRoute = defineInternalRoute({
  service,
  name: 'spaces-reached',
  callers: ['metering'],
  input: z.object({ organizationId: id, accountId: id, area: z.enum(Area), level: z.enum(Level) }),
  output: z.object({ organizationWide: z.boolean(), spaceIds: z.array(id) }),
});

/** How many organizations one account-permissions call may name (metering asks in chunks of this size). */
export const maxPermissionOrganizations = 100;

/**
 * An account's organization-wide effective permissions in each of several organizations (none where
 * it is PENDING or no member): metering's usage view across the organizations an account belongs to.
 */
export const accountPermissionsRoute = defineInternalRoute({
  service,
  name: 'account-permissions',
  callers: ['metering'],
  input: z.object({ accountId: id, organizationIds: z.array(id).max(maxPermissionOrganizations) }),
  output: z.object({ organizations: z.array(z.object({ organizationId: id, permissions: permissionSetSchema })) }),
});

/** How many members one limit-scopes call may name (metering asks in chunks of this size). */
export const maxLimitScopeAccounts = 1000;

/**
 * Where daily token limits can reach each member from: the units they are in with every unit above
 * them (a unit's limit covers its descendants), and the groups they are in, by hand or through a
 * unit linked to the group. `member` is false for an account that is no member of the organization.
 */
export const limitScopesRoute = defineInternalRoute({
  service,
  name: 'limit-scopes',
  callers: ['metering'],
  input: z.object({ organizationId: id, accountIds: z.array(id).max(maxLimitScopeAccounts) }),
  output: z.object({ members: z.array(z.object({ accountId: id, member: z.boolean(), unitIds: z.array(id), groupIds: z.array(id) })) }),
});
export type LimitScopes = RouteOutput<typeof limitScopesRoute>['members'][number];

/** Which of these members (any status), groups and units are the organization's: the targets a daily token limit may be set on. */
export const limitTargetsRoute = defineInternalRoute({
  service,
  name: 'limit-targets',
  // Inquiries: a permission request names one of the organization's groups.
  callers: ['metering', 'inquiries'],
  input: z.object({ organizationId: id, accountIds: z.array(id).max(100), groupIds: z.array(id).max(100), unitIds: z.array(id).max(100) }),
  output: z.object({ accountIds: z.array(id), groupIds: z.array(id), unitIds: z.array(id) }),
});

/**
 * An inquiry's permission request, applied by an admin (`actorId`) exactly as their own assignRole
 * (a role, in a space or organization-wide; a space alone: the organization's default role there) or
 * addGroupMembers would be: the same field rule, the same rules and codes. Access control works out the
 * admin's permissions itself; the change's event names the inquiry, so its audit entry links to it.
 */
export const applyAccessRequestRoute = defineInternalRoute({
  service,
  name: 'apply-access-request',
  callers: ['inquiries'],
  input: z.object({ organizationId: id, actorId: id, inquiryId: id, targetId: id, roleId: id.nullable(), spaceId: id.nullable(), groupId: id.nullable() }),
  output: changeOutcomeSchema,
});
