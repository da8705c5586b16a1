import { EventBus, PermissionChangeFeed, onEvent } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { ViewerResolver } from './viewer-resolver';

/**
 * Drops cached viewers as soon as such an event arrives, so a changed role or an ended session
 * counts on the very next request rather than when the cache expires. Subscribe after the
 * subgraphs' own consumers, so their projections are current when the viewer is rebuilt.
 * `permissionChanges` says which viewers access control's events may have changed (its contract
 * provides it: the gateway knows none of its event types).
 */
export function invalidateViewersOnEvents(bus: EventBus, viewers: ViewerResolver, permissionChanges: PermissionChangeFeed, group = 'gateway'): void {
  const options = { ephemeral: true };
  // Identity's events that end or change a viewer.
  for (const type of ['membership.status_changed', 'session.ended', 'user.deleted'] as const) {
    onEvent(bus, group, identityEvents, type, async (event) => viewers.invalidateAccount(event.payload.accountId), options);
  }
  // Who is in a unit changed: group links may give or take permissions (access control confirms with its own event).
  onEvent(bus, group, identityEvents, 'org_units.changed', async (event) => viewers.invalidateOrganization(event.payload.organizationId), options);
  onEvent(bus, group, identityEvents, 'api_key.revoked', async (event) => viewers.invalidateApiKey(event.payload.keyId), options);
  permissionChanges.follow(
    bus,
    group,
    (change) => {
      if (change.accountId) viewers.invalidateAccount(change.accountId);
      else viewers.invalidateOrganization(change.organizationId);
    },
    options,
  );
}
