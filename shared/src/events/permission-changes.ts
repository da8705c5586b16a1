import { DomainEvent } from './event-bus';

/**
 * Access control's events that change what members may do, and the payload field naming the
 * member (null: possibly any member of the organization). The gateway's viewer cache and the
 * `viewerPermissionsChanged` subscription both follow them.
 */
export const permissionChangingEvents: Readonly<Record<string, string | null>> = {
  ROLE_CHANGE: 'targetId',
  'profile.assigned': 'targetId',
  'profile.revoked': 'targetId',
  // Access control applied identity's news (a new member's roles, a status, unit memberships).
  'member.permissions_changed': 'accountId',
  'role.updated': null,
  'role.deleted': null,
  'profile.updated': null,
  'group.updated': null,
  'group.deleted': null,
  'group.members_changed': null,
  'group.unit_linked': null,
  'group.unit_unlinked': null,
  'organization.default_permissions_changed': null,
};

/** Whose permissions an event may have changed: one member or (accountId null) any of the organization, in one space or everywhere. */
export interface PermissionChange {
  organizationId: string;
  accountId: string | null;
  /** Only a role held in this space changed; null: permissions across the organization. */
  spaceId: string | null;
}

export function permissionChangeOf(event: DomainEvent): PermissionChange | null {
  if (!(event.type in permissionChangingEvents)) return null;
  const field = permissionChangingEvents[event.type];
  const accountId = field && typeof event.payload[field] === 'string' ? (event.payload[field] as string) : null;
  const spaceId = event.type === 'ROLE_CHANGE' && event.payload.scope === 'SPACE' && typeof event.payload.spaceId === 'string' ? event.payload.spaceId : null;
  return { organizationId: String(event.payload.organizationId), accountId, spaceId };
}
