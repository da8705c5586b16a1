import { randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { DomainEvent, InProcessEventBus, OutboxEvent, OutboxRelay, consumeOnce, openDataSource, recordEvent } from '../src';
import { dropTestDatabases, testConfig } from '../src/testing';

describe('outbox and relay', () => {
  const config = testConfig();
  let opened: Awaited<ReturnType<typeof openDataSource>>;

  beforeAll(async () => {
    opened = await openDataSource({
      subgraph: 'identity',
      url: config.databaseUrls.identity,
      dataDir: config.dataDir,
      databasePrefix: config.databasePrefix,
      entities: [],
      mysqlMigrations: (await import('@gatehouse/identity/migrations')).identityMigrations,
    });
  });
  afterAll(async () => {
    await opened.dataSource.destroy();
    await dropTestDatabases(config);
  });

  it('an event recorded in a rolled-back transaction is never published', async () => {
    const bus = new InProcessEventBus();
    const seen: string[] = [];
    bus.subscribe('test', 'test.rolled_back', async (e) => void seen.push(e.eventId));
    await expect(
      opened.dataSource.transaction(async (manager) => {
        await recordEvent(manager, 'test.rolled_back', {});
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await new OutboxRelay({ source: 'test', dataSource: opened.dataSource, bus, pollMs: 1000 }).flush();
    expect(seen).toEqual([]);
  });

  it('a failing handler keeps the event; the next flush delivers it, in order, exactly once per consumer', async () => {
    const bus = new InProcessEventBus();
    const delivered: string[] = [];
    let failNext = true;
    bus.subscribe('test', 'test.happened', async (event: DomainEvent) => {
      if (failNext) {
        failNext = false;
        throw new Error('consumer down');
      }
      await consumeOnce(opened.dataSource, 'counter', event, async () => void delivered.push(String(event.payload.n)));
    });
    const relay = new OutboxRelay({ source: 'test', dataSource: opened.dataSource, bus, pollMs: 1000 });
    await opened.dataSource.transaction(async (manager) => {
      await recordEvent(manager, 'test.happened', { n: 1 });
      await recordEvent(manager, 'test.happened', { n: 2 });
    });
    await expect(relay.flush()).rejects.toThrow('consumer down');
    expect(await opened.dataSource.getRepository(OutboxEvent).countBy({ type: 'test.happened', publishedAt: IsNull() })).toBe(2);
    await relay.flush();
    expect(delivered).toEqual(['1', '2']);
    await relay.flush();
    expect(delivered).toEqual(['1', '2']);
  });

  it('events for a stopped consumer group wait in the outbox and reach it once it subscribes again', async () => {
    const bus = new InProcessEventBus();
    const live: string[] = [];
    const restarted: string[] = [];
    bus.subscribe('live', 'test.waited', async (event) => void (await consumeOnce(opened.dataSource, 'live', event, async () => void live.push(event.eventId))));
    bus.subscribe('stopping', 'test.waited', async () => undefined);
    bus.detach('stopping');
    const relay = new OutboxRelay({ source: 'test', dataSource: opened.dataSource, bus, pollMs: 1000 });
    await opened.dataSource.transaction((manager) => recordEvent(manager, 'test.waited', {}));
    await expect(relay.flush()).rejects.toThrow('Event consumers not running: stopping');
    expect(live).toHaveLength(1);
    expect(await opened.dataSource.getRepository(OutboxEvent).countBy({ type: 'test.waited', publishedAt: IsNull() })).toBe(1);
    bus.subscribe('stopping', 'test.waited', async (event) => void restarted.push(event.eventId));
    await relay.flush();
    expect(restarted).toEqual(live);
    expect(live).toHaveLength(1);
  });

  it('a redelivered event is applied once by the same consumer', async () => {
    const event: DomainEvent = { eventId: randomBytes(8).toString('hex'), type: 'x', source: 'test', occurredAt: new Date().toISOString(), payload: {} };
    let applied = 0;
    const apply = async () => void (applied += 1);
    expect(await consumeOnce(opened.dataSource, 'once', event, apply)).toBe(true);
    expect(await consumeOnce(opened.dataSource, 'once', event, apply)).toBe(false);
    expect(applied).toBe(1);
  });
});
