import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { z } from 'zod';
import { DomainEvent, RedisStreamsEventBus, defineEvents, onEvent } from '@gatehouse/shared';

const url = process.env.TEST_REDIS_URL!;

const event = (type: string, n: number): DomainEvent => ({ eventId: randomBytes(8).toString('hex'), type, source: 'test', occurredAt: new Date().toISOString(), payload: { n } });
const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
};

/** Redis Streams against a real Redis: consumer groups, acknowledgements, retries, dead letters, take-over. */
describe('the Redis Streams event bus', () => {
  const buses: RedisStreamsEventBus[] = [];
  let stream: string;
  let redis: Redis;
  const bus = (overrides: Partial<ConstructorParameters<typeof RedisStreamsEventBus>[0]> = {}) => {
    const created = new RedisStreamsEventBus({ url, stream, maxDeliveries: 3, claimIdleMs: 300, maxLength: 10_000, blockMs: 100, ...overrides });
    buses.push(created);
    return created;
  };

  beforeEach(() => {
    stream = `test:events:${randomBytes(4).toString('hex')}`;
    redis = new Redis(url);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    await redis.del(stream, `${stream}:dead`);
    await redis.quit();
  });

  it('every group gets every event; within a group each event is handled once, whichever instance takes it', async () => {
    const seen: Record<string, string[]> = { a1: [], a2: [], b: [] };
    const [first, second, other] = [bus(), bus(), bus()];
    first.subscribe('service-a', 'thing.happened', async (e) => void seen.a1.push(e.eventId));
    second.subscribe('service-a', 'thing.happened', async (e) => void seen.a2.push(e.eventId));
    other.subscribe('service-b', 'thing.happened', async (e) => void seen.b.push(e.eventId));
    const events = Array.from({ length: 40 }, (_, i) => event('thing.happened', i));
    for (const e of events) await first.publish(e);
    await until(() => seen.a1.length + seen.a2.length === 40 && seen.b.length === 40);
    expect([...seen.a1, ...seen.a2].sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(new Set([...seen.a1, ...seen.a2]).size).toBe(40);
    expect(seen.b).toEqual(events.map((e) => e.eventId));
  });

  it('a group that starts later still gets what was published before it ran', async () => {
    const publisher = bus();
    const early = event('thing.happened', 1);
    await publisher.publish(early);
    const seen: string[] = [];
    bus().subscribe('late-service', 'thing.happened', async (e) => void seen.push(e.eventId));
    await until(() => seen.length === 1);
    expect(seen).toEqual([early.eventId]);
  });

  it('a failing event is retried, then goes to the dead-letter stream after the last attempt', async () => {
    const attempts: number[] = [];
    const consumer = bus();
    consumer.subscribe('fragile', 'thing.happened', async () => {
      attempts.push(Date.now());
      throw new Error('handler broke');
    });
    const doomed = event('thing.happened', 7);
    await consumer.publish(doomed);
    // Each of the 3 deliveries tries the handler 3 times in quick succession.
    await until(() => attempts.length >= 9);
    const deadline = Date.now() + 10_000;
    while ((await redis.xlen(`${stream}:dead`)) < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const [[, fields]] = (await redis.xrange(`${stream}:dead`, '-', '+')) as [string, string[]][];
    expect(fields[fields.indexOf('group') + 1]).toBe('fragile');
    expect(JSON.parse(fields[fields.indexOf('event') + 1]).eventId).toBe(doomed.eventId);
    expect(attempts).toHaveLength(9);
    const pending = (await redis.xpending(stream, 'fragile')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it("an event outside its producer's contract is dead-lettered at once, without retries, and the group carries on", async () => {
    const contract = defineEvents('test', { 'thing.counted': z.looseObject({ n: z.number() }) }, { THING_COUNTED: 'thing.counted' });
    const handled: number[] = [];
    const consumer = bus({ maxDeliveries: 5 });
    onEvent(consumer, 'strict', contract, 'thing.counted', async (e) => void handled.push(e.payload.n));
    const invalid = { ...event('thing.counted', 0), payload: { n: 'not a number' } };
    await consumer.publish(invalid);
    // Written under the name the event had before a rename: consumed as the current one.
    await consumer.publish(event('THING_COUNTED', 2));
    await until(() => handled.length === 1);
    expect(handled).toEqual([2]);
    const [[, fields]] = (await redis.xrange(`${stream}:dead`, '-', '+')) as [string, string[]][];
    expect(JSON.parse(fields[fields.indexOf('event') + 1]).eventId).toBe(invalid.eventId);
    expect(fields[fields.indexOf('error') + 1]).toContain('does not match its contract');
    const pending = (await redis.xpending(stream, 'strict')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it('what a killed instance took but never acknowledged is picked up by the other', async () => {
    const publisher = bus();
    const job = event('job.queued', 1);
    await redis.xgroup('CREATE', stream, 'worker', '0', 'MKSTREAM');
    await publisher.publish(job);
    // An instance of the service reads the job and is killed before it acknowledges it.
    const taken = (await redis.xreadgroup('GROUP', 'worker', 'killed-instance', 'COUNT', 10, 'STREAMS', stream, '>')) as [string, [string, string[]][]][];
    expect(taken[0][1]).toHaveLength(1);
    const done: string[] = [];
    bus().subscribe('worker', 'job.queued', async (e) => void done.push(e.eventId));
    await until(() => done.length === 1);
    expect(done).toEqual([job.eventId]);
    const pending = (await redis.xpending(stream, 'worker')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it('an ephemeral group gets only new events and disappears when it stops', async () => {
    const publisher = bus();
    await publisher.publish(event('cache.evict', 0));
    const seen: number[] = [];
    const listener = bus();
    listener.subscribe('gateway:one', 'cache.evict', async (e) => void seen.push(Number(e.payload.n)), { ephemeral: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await publisher.publish(event('cache.evict', 1));
    await until(() => seen.length === 1);
    expect(seen).toEqual([1]);
    await listener.close();
    const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    expect(groups.map((g) => g[g.indexOf('name') + 1])).not.toContain('gateway:one');
  });
});
