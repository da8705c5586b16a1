import { GatehouseConfig } from '../config/config';
import { EventBus, InProcessEventBus } from './event-bus';
import { RedisStreamsEventBus } from './redis-streams-bus';

/** Redis Streams when REDIS_URL is set (distributed mode), else the in-process bus. */
export function createEventBus(config: GatehouseConfig, log?: (message: string, detail?: unknown) => void): EventBus {
  const { events } = config;
  if (!events.redisUrl) return new InProcessEventBus(log);
  return new RedisStreamsEventBus({ url: events.redisUrl, stream: events.stream, maxDeliveries: events.maxDeliveries, claimIdleMs: events.claimIdleMs, maxLength: events.maxLength, log });
}
