import { PermissionSet } from '@gatehouse/shared';

/** A role of the organization as access control lists it. */
export interface OrganizationRole {
  id: string;
  key: string | null;
  name: string;
  permissions: PermissionSet;
}

/** What the inviter holds in the organization and in each named space (one call for a bulk invite). */
export interface InviterScopes {
  organization: PermissionSet;
  spaces: { spaceId: string; found: boolean; permissions: PermissionSet }[];
  defaultRoleId: string | null;
}

/** What an invite is checked against, as access control and identity answer it (their internal routes). */
export interface InvitationAccess {
  /** What the account holds in the organization, or in it and the space; whether that space is live; the default role. */
  inviterScope(organizationId: string, accountId: string, spaceId: string | null): Promise<{ permissions: PermissionSet; spaceFound: boolean; defaultRoleId: string | null }>;
  /** inviterScope for many spaces at once. */
  inviterScopes(organizationId: string, accountId: string, spaceIds: string[]): Promise<InviterScopes>;
  /** What the role grants; null when the organization has no such role. */
  rolePermissions(organizationId: string, roleId: string): Promise<PermissionSet | null>;
  /** Every role of the organization (a bulk invite names roles by id, name or key). */
  organizationRoles(organizationId: string): Promise<OrganizationRole[]>;
  /** The addresses (lower-cased, at most 1,000) that belong to members of this organization, any status. */
  membersByEmail(organizationId: string, emails: string[]): Promise<string[]>;
  /** The organization's live spaces with these names (any case, at most 1,000). */
  spacesByName(organizationId: string, names: string[]): Promise<{ id: string; name: string }[]>;
}
