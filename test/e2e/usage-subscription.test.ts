import { SeededOrganization, postGraphQL } from '@gatehouse/shared/testing';
import { SubscriptionClients, settle, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

const updates = `subscription($filter: UsageFilter!) { usageUpdated(filter: $filter) { costMicroUsd events daily { date costMicroUsd } } }`;
const record = `mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }`;

describe('live usage for analytics consumers (usageUpdated through the gateway)', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let reporter: string;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  const filter = { from: '2026-07-01', to: '2026-07-02', timeZone: 'UTC' };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    reporter = (await t.gql('mutation { createApiKey(input: { name: "Runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, acme.admin.token)).data!.createApiKey.secret;
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('pushes the new totals moments after a commit, a burst of 10,000 events in 50 calls makes a handful of messages, never to another organization', async () => {
    const ours = ws.watch(ws.connect({ token: acme.admin.token }), updates, { filter });
    const theirs = ws.watch(ws.connect({ token: globex.admin.token }), updates, { filter });
    // An analytics consumer's API key (Analytics READ) subscribes like a person.
    const consumerKey = (await t.gql('mutation { createApiKey(input: { name: "Live dashboards", grants: [{ area: ANALYTICS, level: READ }] }) { secret } }', {}, acme.admin.token)).data!.createApiKey.secret;
    const consumer = ws.watch(ws.connect({ token: consumerKey }), updates, { filter });
    await until(() => ours.events.length === 1 && theirs.events.length === 1 && consumer.events.length === 1);
    expect(ours.events[0].data.usageUpdated).toMatchObject({ costMicroUsd: 0, events: 0 });
    await settle();

    // 50 calls: a notice per call would make 51 messages.
    const batches = Array.from({ length: 50 }, (_, b) => Array.from({ length: 200 }, (_, i) => ({ id: `burst-${b}-${i}`, occurredAt: '2026-07-01T12:00:00Z', computeType: 'LLM', costMicroUsd: 3 })));
    const burstStarted = Date.now();
    for (const events of batches) {
      const response = await postGraphQL(t.stack.gatewayUrl, record, { input: { events } }, { token: reporter });
      expect(response.data!.recordUsage.recorded).toBe(200);
    }
    await until(() => ours.events.at(-1)?.data?.usageUpdated.events === 10_000, 10_000);
    const burstSeconds = (Date.now() - burstStarted) / 1000;
    const last = ours.events.at(-1)!.data.usageUpdated;
    expect(last).toMatchObject({ costMicroUsd: 30_000, events: 10_000, daily: [{ date: '2026-07-01', costMicroUsd: 30_000 }, { date: '2026-07-02', costMicroUsd: 0 }] });
    console.log(`usageUpdated: ${ours.events.length} messages for 50 batches of 200 events in ${burstSeconds.toFixed(1)} s`);
    // The first answer, then about one a second while the burst lasts (a loaded machine stretches it): far fewer than the 51 of a notice per call.
    expect(ours.events.length).toBeGreaterThanOrEqual(2);
    expect(ours.events.length).toBeLessThanOrEqual(Math.min(30, 3 + Math.ceil(burstSeconds)));
    await until(() => consumer.events.at(-1)?.data?.usageUpdated.events === 10_000, 10_000);
    expect(consumer.events.at(-1)!.data.usageUpdated).toEqual(last);
    await settle(500);
    expect(theirs.events).toHaveLength(1);
    expect(theirs.errors).toEqual([]);
  });

  it('a bad filter, a PENDING member and no credentials are refused', async () => {
    const bad = ws.watch(ws.connect({ token: acme.admin.token }), updates, { filter: { ...filter, timeZone: 'Nowhere/Else' } });
    await bad.done;
    expect(JSON.stringify([bad.events, bad.errors])).toContain('BAD_USER_INPUT');
    const pending = await t.seed.signUp({ name: 'Pat' });
    const refused = ws.watch(ws.connect({ token: pending.token }), updates, { filter });
    await refused.done;
    expect(JSON.stringify([refused.events, refused.errors])).toContain('FORBIDDEN');
    const anonymous = ws.watch(ws.connect(null), updates, { filter });
    await anonymous.done;
    expect(anonymous.events).toEqual([]);
    expect((anonymous.errors[0] as { code?: number }).code).toBe(4401);
  });
});
