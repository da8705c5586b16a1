import { EventBus, PermissionChange, SubscriptionPubSub } from '@gatehouse/shared';
import { accessControlPermissionChanges } from '@gatehouse/access-control-contracts';

/** The pub/sub topic on which an organization's permission changes are announced to live subscribers. */
export function permissionsTopic(organizationId: string): string {
  return `permissions:${organizationId}`;
}

/**
 * Access control's consumer group for live notices: each event is taken once across instances
 * and announced on the pub/sub (Redis in distributed mode), which every instance hears.
 */
export const liveConsumer = 'access-control.live';

/** Announces every committed change that may alter members' permissions (who, where); subscribers work out what it means for them. */
export function announcePermissionChanges(bus: EventBus, pubsub: SubscriptionPubSub): void {
  accessControlPermissionChanges.follow(bus, liveConsumer, (change) => pubsub.publish(permissionsTopic(change.organizationId), change satisfies PermissionChange));
}
