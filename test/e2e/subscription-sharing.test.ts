import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';
import { SubscriptionClients, endOf, settle, until } from '../support/subscription-clients';

const spaces = 'subscription { auditEventRecorded(filter: { actions: [SPACE_CREATED] }) { details } }';
const names = (events: { data: { auditEventRecorded: { details: { name: string } } } }[]) => events.map((e) => e.data.auditEventRecorded.details.name);

/**
 * Alike subscribers (same credentials, document and variables) share one subgraph subscription
 * through the gateway; anything that makes a stream someone's own keeps it apart.
 */
describe('alike subscribers share one subgraph subscription', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  const upstream = () => t.stack.gateway.subscriptions.subgraphSubscriptions();
  const createSpace = (name: string, token = acme.admin.token) => t.gql(`mutation { createSpace(input: { name: "${name}" }) { space { id } } }`, {}, token);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('three connections of one admin hold one subgraph subscription; each hears every event; the last to leave closes it', async () => {
    const before = upstream();
    const watchers = [1, 2, 3].map(() => ws.watch(ws.connect({ token: acme.admin.token }), spaces));
    // Opened once the connections are up (slower on a loaded machine), then no more than one.
    await until(() => upstream() > before);
    await settle();
    expect(upstream()).toBe(before + 1);
    await createSpace('One');
    await createSpace('Two');
    await until(() => watchers.every((w) => w.events.length >= 2));
    expect(watchers.map((w) => names(w.events as never))).toEqual([['One', 'Two'], ['One', 'Two'], ['One', 'Two']]);
    // One leaves: the others go on, on the same subgraph subscription.
    watchers[0].stop();
    await createSpace('Three');
    await until(() => watchers[2].events.length >= 3);
    expect(watchers.slice(1).map((w) => names(w.events as never))).toEqual([['One', 'Two', 'Three'], ['One', 'Two', 'Three']]);
    expect(watchers[0].events).toHaveLength(2);
    expect(upstream()).toBe(before + 1);
    watchers[1].stop();
    watchers[2].stop();
    await until(() => upstream() === before);
    expect(upstream()).toBe(before);
  });

  it('another session, other variables, another organization or a replay each get their own, and only their own events', async () => {
    const before = upstream();
    const otherSession = await t.seed.logIn(acme.admin.email, acme.admin.password);
    const globex = await t.seed.organization('Globex');
    const byVariables = 'subscription($filter: AuditLogFilter) { auditEventRecorded(filter: $filter) { details } }';
    const ours = ws.watch(ws.connect({ token: acme.admin.token }), spaces);
    const session = ws.watch(ws.connect({ token: otherSession }), spaces);
    const theirs = ws.watch(ws.connect({ token: globex.admin.token }), spaces);
    const filtered = ws.watch(ws.connect({ token: acme.admin.token }), byVariables, { filter: { actions: ['SPACE_CREATED'] } });
    const roleChanges = ws.watch(ws.connect({ token: acme.admin.token }), byVariables, { filter: { actions: ['ROLE_CHANGE'] } });
    await until(() => upstream() >= before + 5);
    await settle();
    expect(upstream()).toBe(before + 5);
    await createSpace('Acme space');
    await createSpace('Globex space', globex.admin.token);
    await until(() => [ours, session, theirs, filtered].every((w) => w.events.length >= 1));
    await settle();
    expect(names(ours.events as never)).toEqual(['Acme space']);
    expect(names(session.events as never)).toEqual(['Acme space']);
    expect(names(filtered.events as never)).toEqual(['Acme space']);
    expect(names(theirs.events as never)).toEqual(['Globex space']);
    expect(roleChanges.events).toEqual([]);
    // A replay is the subscriber's own past: it gets it even with an alike live subscription open.
    const replay = ws.watch(ws.connect({ token: acme.admin.token }), 'subscription($after: Int) { auditEventRecorded(filter: { actions: [SPACE_CREATED] }, afterPosition: $after) { details } }', { after: 0 });
    // 'Acme space' was committed before the replay began: only its own replay can bring it.
    await until(() => names(replay.events as never).includes('Acme space'));
    expect(upstream()).toBe(before + 6);
    expect(names(replay.events as never)).toContain('Acme space');
    for (const w of [ours, session, theirs, filtered, roleChanges, replay]) w.stop();
    await until(() => upstream() === before);
  });

  it('when the shared viewer loses the permission, every subscriber of it is told FORBIDDEN', async () => {
    const auditor = await acme.member('ADMIN', 'Ann');
    const before = upstream();
    const watchers = [1, 2].map(() => ws.watch(ws.connect({ token: auditor.token }), spaces));
    await until(() => upstream() > before);
    await settle();
    await createSpace('Seen by both');
    await until(() => watchers.every((w) => w.events.length >= 1));
    const revoke = await t.gql('mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: auditor.accountId, roleId: await acme.roleId('ADMIN') } }, acme.admin.token);
    expect(revoke.data!.revokeRole.userErrors).toEqual([]);
    await Promise.all(watchers.map((w) => endOf(w)));
    expect(watchers.map((w) => JSON.stringify(w.errors).includes('FORBIDDEN'))).toEqual([true, true]);
  });

  it('usageUpdated is never shared: a subscriber joining later still opens with the dashboard as it is now', async () => {
    const before = upstream();
    const usage = 'subscription($filter: UsageFilter!) { usageUpdated(filter: $filter) { events } }';
    const filter = { from: '2026-07-01', to: '2026-07-02', timeZone: 'UTC' };
    const first = ws.watch(ws.connect({ token: acme.admin.token }), usage, { filter });
    await until(() => first.events.length >= 1);
    const later = ws.watch(ws.connect({ token: acme.admin.token }), usage, { filter });
    await until(() => later.events.length >= 1);
    expect(later.events[0].data.usageUpdated).toEqual({ events: 0 });
    expect(upstream()).toBe(before + 2);
    first.stop();
    later.stop();
  });
});
