import { PermissionSet } from '@gatehouse/shared';

/** What an invite is checked against, as access control answers it (its internal routes). */
export interface InvitationAccess {
  /** What the account holds in the organization, or in it and the space; whether that space is live; the default role. */
  inviterScope(organizationId: string, accountId: string, spaceId: string | null): Promise<{ permissions: PermissionSet; spaceFound: boolean; defaultRoleId: string | null }>;
  /** What the role grants; null when the organization has no such role. */
  rolePermissions(organizationId: string, roleId: string): Promise<PermissionSet | null>;
}
