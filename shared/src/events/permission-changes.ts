import { EventBus, SubscribeOptions } from './event-bus';

/** Whose permissions an event may have changed: one member or (accountId null) any of the organization, in one space or everywhere. */
export interface PermissionChange {
  organizationId: string;
  accountId: string | null;
  /** Only a role held in this space changed; null: permissions across the organization. */
  spaceId: string | null;
}

/**
 * The events that may change what members may do, as one feed: access control's contract
 * provides it (the kit knows none of its event types); the gateway's viewer cache and the
 * `viewerPermissionsChanged` subscription follow it.
 */
export interface PermissionChangeFeed {
  follow(bus: EventBus, group: string, onChange: (change: PermissionChange) => Promise<void> | void, options?: SubscribeOptions): void;
}
