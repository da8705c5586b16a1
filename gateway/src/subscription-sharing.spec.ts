import { Supergraph } from '@apollo/federation-internals';
import { ExecutionResult, GraphQLError, Kind, OperationDefinitionNode, parse } from 'graphql';
import { Repeater } from '@graphql-yoga/subscription';
import { Viewer } from '@gatehouse/shared';
import { SharedSubscriptions, mayShare, subscriptionSharing } from './subscription-sharing';
import { SubscriberConnection } from './subgraph-subscription';
import { committedSupergraph } from './supergraph';

const operation = (source: string) => parse(source).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
const viewer = (level: string): Viewer => ({ kind: 'member', accountId: 'a1', organizationId: 'o1', sessionId: 's1', membershipStatus: 'ACTIVE', permissions: { levels: { AUDIT_LOG: level }, capabilities: [] } }) as Viewer;
const connection = (v = viewer('READ')): SubscriberConnection => ({ viewer: v, clientAddress: '127.0.0.1', viewerWatchers: new Set() });
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A subgraph subscription stand-in: events pushed by the test, and whether it was closed, and as whom it was opened. */
function fakeFeeds() {
  const opened: { holder: SubscriberConnection; push: (r: ExecutionResult) => Promise<unknown>; fail: (e: unknown) => void; closed: boolean }[] = [];
  const open = (holder: SubscriberConnection) =>
    new Repeater<ExecutionResult>(async (push, stop) => {
      const feed = { holder, push, fail: (e: unknown) => stop(e), closed: false };
      opened.push(feed);
      await stop;
      feed.closed = true;
    });
  return { opened, open };
}

async function take(events: AsyncIterableIterator<ExecutionResult>, n: number): Promise<unknown[]> {
  const got: unknown[] = [];
  for (let i = 0; i < n; i += 1) got.push((await events.next()).value?.data);
  return got;
}

describe('which subscriptions alike subscribers share', () => {
  const apiSchema = Supergraph.build(committedSupergraph()).apiSchema().toGraphQLJSSchema();
  const fields = apiSchema.getSubscriptionType()!.getFields();

  it('every Subscription field of the supergraph is decided, and every argument of a shared one', () => {
    expect(Object.keys(subscriptionSharing).sort()).toEqual(Object.keys(fields).sort());
    for (const [name, rule] of Object.entries(subscriptionSharing)) {
      if (!rule.shared) continue;
      expect({ name, args: fields[name].args.map((a) => a.name).sort() }).toEqual({ name, args: [...rule.replayArguments, ...rule.narrowingArguments].sort() });
    }
  });

  it('shares a live stream, never one asked to replay, nor a field that is not shared', () => {
    expect(mayShare(operation('subscription { auditEventRecorded { action } }'), {})).toBe(true);
    expect(mayShare(operation('subscription { auditEventRecorded(filter: { actions: [ROLE_CHANGE] }) { action } __typename }'), {})).toBe(true);
    expect(mayShare(operation('subscription { auditEventRecorded(afterPosition: null) { action } }'), {})).toBe(true);
    expect(mayShare(operation('subscription($p: Int) { auditEventRecorded(afterPosition: $p) { action } }'), {})).toBe(true);
    expect(mayShare(operation('subscription($p: Int) { auditEventRecorded(afterPosition: $p) { action } }'), { p: 3 })).toBe(false);
    expect(mayShare(operation('subscription { auditEventRecorded(afterPosition: 0) { action } }'), {})).toBe(false);
    expect(mayShare(operation('subscription { viewerPermissionsChanged { changedAt } }'), {})).toBe(false);
    expect(mayShare(operation('subscription { usageUpdated(filter: {}) { totals { tokens } } }'), {})).toBe(false);
    expect(mayShare(operation('subscription { somethingNew }'), {})).toBe(false);
    expect(mayShare(operation('subscription { ... on Subscription { auditEventRecorded { action } } }'), {})).toBe(false);
  });
});

describe('SharedSubscriptions', () => {
  it('one subgraph subscription for alike subscribers: each gets every event in order; the last to leave closes it', async () => {
    const shared = new SharedSubscriptions();
    const { opened, open } = fakeFeeds();
    const a = shared.join('k', connection(), open);
    const b = shared.join('k', connection(), open);
    const pendingA = take(a, 2);
    const pendingB = take(b, 2);
    await tick();
    expect(opened).toHaveLength(1);
    expect(shared.size).toBe(1);
    void opened[0].push({ data: { n: 1 } });
    void opened[0].push({ data: { n: 2 } });
    expect(await pendingA).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await pendingB).toEqual([{ n: 1 }, { n: 2 }]);
    await a.return?.();
    await tick();
    expect(opened[0].closed).toBe(false);
    const next = b.next();
    void opened[0].push({ data: { n: 3 } });
    expect((await next).value.data).toEqual({ n: 3 });
    await b.return?.();
    await tick();
    expect(opened[0].closed).toBe(true);
    expect(shared.size).toBe(0);
    // Another key, or the same one later, opens its own.
    const c = shared.join('k', connection(), open);
    void c.next();
    await tick();
    expect(opened).toHaveLength(2);
    await c.return?.();
  });

  it('a viewer change on any member is re-sent upstream once; the same viewer again changes nothing', async () => {
    const shared = new SharedSubscriptions();
    const { opened, open } = fakeFeeds();
    const first = connection();
    const second = connection();
    const events = [shared.join('k', first, open), shared.join('k', second, open)];
    events.forEach((e) => void e.next());
    await tick();
    const announced: Viewer[] = [];
    opened[0].holder.viewerWatchers.add(() => void announced.push(opened[0].holder.viewer));
    first.viewer = viewer('NONE');
    for (const watcher of first.viewerWatchers) watcher();
    second.viewer = viewer('NONE');
    for (const watcher of second.viewerWatchers) watcher();
    expect(announced).toEqual([viewer('NONE')]);
    await Promise.all(events.map((e) => e.return?.()));
  });

  it('a subscriber whose viewer differs from the one the group runs as opens its own, and the first group goes on', async () => {
    const shared = new SharedSubscriptions();
    const { opened, open } = fakeFeeds();
    const earlier = shared.join('k', connection(viewer('READ')), open);
    const pendingEarlier = earlier.next();
    await tick();
    const later = shared.join('k', connection(viewer('NONE')), open);
    const pendingLater = later.next();
    await tick();
    expect(opened.map((feed) => feed.holder.viewer)).toEqual([viewer('READ'), viewer('NONE')]);
    void opened[0].push({ data: { to: 'earlier' } });
    void opened[1].push({ data: { to: 'later' } });
    expect([(await pendingEarlier).value.data, (await pendingLater).value.data]).toEqual([{ to: 'earlier' }, { to: 'later' }]);
    await earlier.return?.();
    await tick();
    expect([opened[0].closed, opened[1].closed, shared.size]).toEqual([true, false, 1]);
    await later.return?.();
  });

  it('the subgraph ending in error ends every member with that error; a later subscriber opens afresh', async () => {
    const shared = new SharedSubscriptions();
    const { opened, open } = fakeFeeds();
    const members = [shared.join('k', connection(), open), shared.join('k', connection(), open)];
    const outcomes = members.map((m) => m.next().then(() => 'event', (error: GraphQLError) => error.extensions?.code));
    await tick();
    opened[0].fail(new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } }));
    expect(await Promise.all(outcomes)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(shared.size).toBe(0);
    const later = shared.join('k', connection(), open);
    void later.next();
    await tick();
    expect(opened).toHaveLength(2);
    await later.return?.();
  });

  it('a subscriber that stops reading is dropped (SUBSCRIBER_TOO_SLOW); the others go on', async () => {
    const shared = new SharedSubscriptions();
    const { opened, open } = fakeFeeds();
    const stalled = shared.join('k', connection(), open);
    const reading = shared.join('k', connection(), open);
    void stalled.next();
    const received: unknown[] = [];
    void (async () => {
      for await (const event of reading) received.push(event.data);
    })();
    await tick();
    for (let n = 0; n < 1100; n += 1) await opened[0].push({ data: { n } });
    await tick();
    expect(received).toHaveLength(1100);
    const drained: unknown[] = [];
    const ending = await (async () => {
      try {
        for await (const event of stalled) drained.push(event);
      } catch (error) {
        return (error as GraphQLError).extensions?.code;
      }
      return 'completed';
    })();
    expect(ending).toBe('SUBSCRIBER_TOO_SLOW');
    expect(drained.length).toBeLessThanOrEqual(1000);
    expect(opened[0].closed).toBe(false);
    await reading.return?.();
  });
});
