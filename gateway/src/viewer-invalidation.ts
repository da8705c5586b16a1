import { EventBus } from '@gatehouse/shared';
import { ViewerResolver } from './viewer-resolver';

/** Events that change what a cached viewer may do, and where each names the account. */
const invalidatingEvents: Record<string, string> = {
  ROLE_CHANGE: 'targetId',
  'profile.assigned': 'targetId',
  'profile.revoked': 'targetId',
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
  for (const [type, field] of Object.entries(invalidatingEvents)) {
    bus.subscribe(group, type, async (event) => viewers.invalidateAccount(String(event.payload[field])), options);
  }
  // A role, profile or group changed, or who is in a unit: any member's permissions may differ.
  const organizationWide = [
    'role.updated',
    'role.deleted',
    'profile.updated',
    'group.updated',
    'group.deleted',
    'group.members_changed',
    'group.unit_linked',
    'group.unit_unlinked',
    'organization.default_permissions_changed',
    'org_units.changed',
  ];
  for (const type of organizationWide) bus.subscribe(group, type, async (event) => viewers.invalidateOrganization(String(event.payload.organizationId)), options);
  bus.subscribe(group, 'member.permissions_changed', async (event) => {
    const { organizationId, accountId } = event.payload as { organizationId: string; accountId: string | null };
    if (accountId) viewers.invalidateAccount(accountId);
    else viewers.invalidateOrganization(organizationId);
  }, options);
  bus.subscribe(group, 'api_key.revoked', async (event) => viewers.invalidateApiKey(String(event.payload.keyId)), options);
}
