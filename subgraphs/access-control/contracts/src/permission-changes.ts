import { PermissionChange, PermissionChangeFeed, onEvent } from '@gatehouse/shared';
import { AccessControlEventType, accessControlEvents } from './events';

/**
 * Access control's events that change what members may do, and the payload field naming the
 * member (null: possibly any member of the organization).
 */
const permissionChangingEvents = {
  'role_assignment.changed': 'targetId',
  'profile.assigned': 'targetId',
  'profile.revoked': 'targetId',
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
} as const satisfies Partial<Record<AccessControlEventType, string | null>>;

/** The event types the feed follows (their former names too, through the contract's aliases). */
export const permissionChangingTypes = Object.keys(permissionChangingEvents) as (keyof typeof permissionChangingEvents)[];

/** Whose permissions an event of one of those types may have changed. */
export function permissionChangeOf(type: keyof typeof permissionChangingEvents, payload: { organizationId: string; [field: string]: unknown }): PermissionChange {
  const field = permissionChangingEvents[type];
  const accountId = field && typeof payload[field] === 'string' ? payload[field] : null;
  const spaceId = type === 'role_assignment.changed' && payload.scope === 'SPACE' && typeof payload.spaceId === 'string' ? payload.spaceId : null;
  return { organizationId: payload.organizationId, accountId, spaceId };
}

/** The feed the gateway's viewer cache and the `viewerPermissionsChanged` subscription follow. */
export const accessControlPermissionChanges: PermissionChangeFeed = {
  follow(bus, group, onChange, options) {
    for (const type of permissionChangingTypes) {
      onEvent(bus, group, accessControlEvents, type, async (event) => void (await onChange(permissionChangeOf(type, event.payload))), options);
    }
  },
};
