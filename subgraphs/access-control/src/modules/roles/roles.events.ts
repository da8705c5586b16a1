/** Events access control writes to its outbox. */
export const AccessControlEvents = {
  /** A member's roles changed (Cloosphere's ROLE_CHANGE audit event). */
  roleChange: 'ROLE_CHANGE',
} as const;

export interface RoleChangePayload extends Record<string, unknown> {
  organizationId: string;
  actorId: string | null;
  targetId: string;
  roleId: string;
  roleName: string;
  /** REASSIGNED: the role the member held was deleted and they were given `roleId` instead. */
  change: 'ASSIGNED' | 'REVOKED' | 'REASSIGNED';
  scope: 'ORGANIZATION' | 'SPACE';
  spaceId: string | null;
  rolesBefore: string[];
  rolesAfter: string[];
}
