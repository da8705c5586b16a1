import { EventBus, permissionChangeOf, permissionChangingEvents } from '@gatehouse/shared';
import { ViewerResolver } from './viewer-resolver';

/** Identity's events that end or change a viewer, and where each names the account. */
const identityEvents: Record<string, string> = {
  'membership.status_changed': 'accountId',
  'session.ended': 'accountId',
  'user.deleted': 'accountId',
};

/**
 * Drops cached viewers as soon as such an event arrives, so a changed role or an ended session
 * counts on the very next request rather than when the cache expires. Subscribe after the
 * subgraphs' own consumers, so their projections are current when the viewer is rebuilt.
 */
export function invalidateViewersOnEvents(bus: EventBus, viewers: ViewerResolver, group = 'gateway'): void {
  const options = { ephemeral: true };
  for (const [type, field] of Object.entries(identityEvents)) {
    bus.subscribe(group, type, async (event) => viewers.invalidateAccount(String(event.payload[field])), options);
  }
  // Who is in a unit changed: group links may give or take permissions (access control confirms with member.permissions_changed).
  bus.subscribe(group, 'org_units.changed', async (event) => viewers.invalidateOrganization(String(event.payload.organizationId)), options);
  for (const type of Object.keys(permissionChangingEvents)) {
    bus.subscribe(group, type, async (event) => {
      const change = permissionChangeOf(event);
      if (change?.accountId) viewers.invalidateAccount(change.accountId);
      else if (change) viewers.invalidateOrganization(change.organizationId);
    }, options);
  }
  bus.subscribe(group, 'api_key.revoked', async (event) => viewers.invalidateApiKey(String(event.payload.keyId)), options);
}
