import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { setMaxListeners } from 'node:events';
import Redis from 'ioredis';

/** Live updates for GraphQL subscriptions: topics are strings such as `audit:<organizationId>`. */
export interface SubscriptionPubSub {
  publish(topic: string, payload: unknown): void;
  subscribe(topic: string): AsyncIterable<unknown>;
  close(): Promise<void>;
}

/**
 * In one process an in-memory pub/sub; with Redis (distributed mode) a Redis pub/sub, so a
 * subscriber on one instance of a service hears what another instance published.
 */
export function createSubscriptionPubSub(redisUrl: string | null): SubscriptionPubSub {
  if (!redisUrl) {
    // One listener per open subscription: thousands on one topic are expected, not a leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    const pubsub = createPubSub<Record<string, [unknown]>>({ eventTarget: eventTarget as never });
    return { publish: (topic, payload) => pubsub.publish(topic, payload), subscribe: (topic) => pubsub.subscribe(topic), close: async () => undefined };
  }
  const publishClient = new Redis(redisUrl);
  const subscribeClient = new Redis(redisUrl);
  const pubsub = createPubSub<Record<string, [unknown]>>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
  return {
    publish: (topic, payload) => pubsub.publish(topic, payload),
    subscribe: (topic) => pubsub.subscribe(topic),
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
