import { adjustableClock } from '@gatehouse/shared';
import { SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const createKey = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`;
const record = `mutation($input: RecordUsageInput!) {
  recordUsage(input: $input) { recorded duplicates rejected results { index eventId status error { code field } } userErrors { code field } }
}`;
const dashboard = `query($filter: UsageFilter!) {
  usage(filter: $filter) {
    costMicroUsd costUsd inputTokens outputTokens totalTokens events timeZone
    daily { date costMicroUsd byComputeType { computeType costMicroUsd events } }
    topAgents { agentId agentName costMicroUsd }
    byModel { provider model costMicroUsd inputTokens }
    bySpace { space { id } costMicroUsd }
    byUser { user { id } costMicroUsd }
  }
}`;

describe('metering: recording usage and the dashboard', () => {
  const clock = adjustableClock();
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let reporter: string;
  let spaceId: string;
  const report = (events: unknown[], key = reporter) => postGraphQL(t.stack.gatewayUrl, record, { input: { events } }, { token: key });
  const event = (id: string, at: string, extra: Record<string, unknown> = {}) => ({ id, occurredAt: at, computeType: 'LLM', costMicroUsd: 1000, ...extra });

  beforeAll(async () => {
    t = await startTestStack({}, { clock });
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    const key = await t.gql(createKey, { input: { name: 'Agent runtime', grants: [{ area: 'ANALYTICS', level: 'WRITE' }] } }, acme.admin.token);
    reporter = key.data!.createApiKey.secret;
    spaceId = (await t.gql('mutation { createSpace(input: { name: "Research" }) { space { id } } }', {}, acme.admin.token)).data!.createSpace.space.id;
  });
  afterAll(() => t.stop());

  it('the catalogue carries the seed\'s compute types and colors', async () => {
    const types = await t.gql('{ computeTypes { key name color } }', {}, acme.admin.token);
    expect(types.data!.computeTypes).toEqual([
      { key: 'TASKS', name: 'Tasks', color: '#FACC15' },
      { key: 'WEAVER', name: 'Weaver', color: '#22C55E' },
      { key: 'LLM', name: 'LLM', color: '#10B981' },
      { key: 'TOOLS', name: 'Tools', color: '#3B82F6' },
      { key: 'CODE', name: 'Code', color: '#EC4899' },
      { key: 'IMAGE_GENERATION', name: 'Image Generation', color: '#8B5CF6' },
    ]);
    // The services that report usage read it with their key.
    const byKey = await postGraphQL(t.stack.gatewayUrl, '{ computeTypes { key name color } }', {}, { token: reporter });
    expect(byKey.data!.computeTypes).toEqual(types.data!.computeTypes);
  });

  it('refuses bad events one by one with a reason, and the good ones of the batch count', async () => {
    const future = new Date(clock.now() + 3_600_000).toISOString();
    const response = await report([
      event('ok-1', '2026-03-01T10:00:00Z', { userId: acme.admin.accountId, spaceId }),
      event('bad-type', '2026-03-01T10:00:00Z', { computeType: 'MINING' }),
      event('bad-user', '2026-03-01T10:00:00Z', { userId: globex.admin.accountId }),
      event('bad-space', '2026-03-01T10:00:00Z', { spaceId: 'no-such-space' }),
      event('bad-amount', '2026-03-01T10:00:00Z', { inputTokens: -5 }),
      event('bad-future', future),
      event('ok-2', '2026-03-01T11:00:00Z'),
    ]);
    expect(response.errors).toBeUndefined();
    const payload = response.data!.recordUsage;
    expect(payload).toMatchObject({ recorded: 2, duplicates: 0, rejected: 5 });
    expect(payload.results.map((r: { status: string; error: { code: string } | null }) => r.error?.code ?? r.status)).toEqual([
      'RECORDED', 'UNKNOWN_COMPUTE_TYPE', 'USER_NOT_FOUND', 'SPACE_NOT_FOUND', 'INVALID_AMOUNT', 'FUTURE_EVENT', 'RECORDED',
    ]);
    expect(payload.userErrors.map((e: { field: string[] }) => e.field.slice(0, 3))).toEqual([['input', 'events', '1'], ['input', 'events', '2'], ['input', 'events', '3'], ['input', 'events', '4'], ['input', 'events', '5']]);
    const stored = await t.stack.apps.metering.dataSource.query('SELECT eventId FROM usage_event WHERE organizationId = ? ORDER BY eventId', [acme.id]);
    expect(stored.map((r: { eventId: string }) => r.eventId)).toEqual(['ok-1', 'ok-2']);
  });

  it('an event id is an idempotency key: the same event twice is stored once, other content under it is refused', async () => {
    const first = await report([event('idem-1', '2026-03-02T10:00:00Z')]);
    expect(first.data!.recordUsage).toMatchObject({ recorded: 1 });
    const again = await report([event('idem-1', '2026-03-02T10:00:00Z'), event('idem-1', '2026-03-02T10:00:00Z')]);
    expect(again.data!.recordUsage).toMatchObject({ recorded: 0, duplicates: 2, rejected: 0 });
    const changed = await report([event('idem-1', '2026-03-02T10:00:00Z', { costMicroUsd: 999 })]);
    expect(changed.data!.recordUsage.userErrors.map((e: { code: string }) => e.code)).toEqual(['EVENT_ID_REUSED']);
    // Concurrent batches carrying one id store it once.
    await Promise.all([1, 2, 3, 4].map(() => report([event('race-1', '2026-03-02T11:00:00Z')])));
    const rows = await t.stack.apps.metering.dataSource.query("SELECT COUNT(*) AS n FROM usage_event WHERE eventId IN ('idem-1', 'race-1')");
    expect(Number(rows[0].n)).toBe(2);
    const day = await t.gql(dashboard, { filter: { from: '2026-03-02', to: '2026-03-02' } }, acme.admin.token);
    expect(day.data!.usage).toMatchObject({ costMicroUsd: 2000, events: 2 });
  });

  it('people and keys without Analytics WRITE cannot record usage; a batch has 1 to 1,000 events', async () => {
    expect(errorCodes(await report([event('by-admin', '2026-03-01T10:00:00Z')], acme.admin.token))).toEqual(['FORBIDDEN']);
    const reader = (await t.gql(createKey, { input: { name: 'Reader', grants: [{ area: 'ANALYTICS', level: 'READ' }] } }, acme.admin.token)).data!.createApiKey.secret;
    expect(errorCodes(await report([event('by-reader', '2026-03-01T10:00:00Z')], reader))).toEqual(['FORBIDDEN']);
    expect((await report([])).data!.recordUsage.userErrors.map((e: { code: string }) => e.code)).toEqual(['NO_EVENTS']);
    const tooMany = Array.from({ length: 1001 }, (_, i) => event(`many-${i}`, '2026-03-01T10:00:00Z'));
    expect((await report(tooMany)).data!.recordUsage).toMatchObject({ recorded: 0, userErrors: [{ code: 'TOO_MANY_EVENTS' }] });
  });

  it('prices tokens sent without a cost by the version in effect when the event happened', async () => {
    const setPrice = `mutation($input: SetModelPriceInput!) { setModelPrice(input: $input) { price { id effectiveFrom } userErrors { code } } }`;
    const v1 = await t.gql(setPrice, { input: { provider: 'openai', model: 'gpt-4o', inputMicroUsdPerMillion: 2_500_000, outputMicroUsdPerMillion: 10_000_000, cachedMicroUsdPerMillion: 1_250_000 } }, acme.admin.token);
    expect(v1.data!.setModelPrice.userErrors).toEqual([]);
    const firstAt = new Date(clock.now() + 1000).toISOString();
    clock.advance(86_400_000);
    await t.gql(setPrice, { input: { provider: 'openai', model: 'gpt-4o', inputMicroUsdPerMillion: 5_000_000, outputMicroUsdPerMillion: 20_000_000 } }, acme.admin.token);
    const past = await t.gql(setPrice, { input: { provider: 'openai', model: 'gpt-4o', inputMicroUsdPerMillion: 1, outputMicroUsdPerMillion: 1, effectiveFrom: '2026-01-01T00:00:00Z' } }, acme.admin.token);
    expect(past.data!.setModelPrice.userErrors).toEqual([{ code: 'PRICE_IN_PAST' }]);
    const tokens = { provider: 'openai', model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 100_000, cachedTokens: 400_000, costMicroUsd: null };
    const priced = await report([
      event('priced-old', firstAt, tokens),
      event('priced-new', new Date(clock.now()).toISOString(), tokens),
      event('unpriced', firstAt, { ...tokens, model: 'mystery-1' }),
    ]);
    expect(priced.data!.recordUsage.results.map((r: { status: string; error: { code: string } | null }) => r.error?.code ?? r.status)).toEqual(['RECORDED', 'RECORDED', 'NO_PRICE']);
    const costs = await t.stack.apps.metering.dataSource.query("SELECT eventId, costMicroUsd FROM usage_event WHERE eventId IN ('priced-old', 'priced-new') ORDER BY eventId");
    // 1M × $2.50 + 0.1M × $10 + 0.4M × $1.25 = $4.00; the second version has no cached price: input's, $5.00.
    expect(costs.map((r: { costMicroUsd: string | number }) => Number(r.costMicroUsd))).toEqual([9_000_000, 4_000_000]);
  });

  it('days are counted in the time zone asked for, late and out-of-order events land in their day, and breakdowns add up', async () => {
    const llm = { agent: { id: 'agent-a', name: 'Researcher' }, provider: 'anthropic', model: 'claude', inputTokens: 10, userId: acme.admin.accountId };
    // 18:29 and 18:31 UTC are two different days in Kolkata (+05:30) and one day in UTC.
    await report([event('tz-2', '2026-04-10T18:31:00Z', { ...llm, costMicroUsd: 2_000 })]);
    await report([event('tz-1', '2026-04-10T18:29:00Z', { ...llm, costMicroUsd: 1_000 }), event('tz-3', '2026-04-10T18:40:00Z', { computeType: 'TOOLS', costMicroUsd: 4_000, spaceId, agent: { id: 'agent-b', name: 'Scraper' } })]);
    const utc = await t.gql(dashboard, { filter: { from: '2026-04-10', to: '2026-04-11', timeZone: 'UTC' } }, acme.admin.token);
    expect(utc.errors).toBeUndefined();
    expect(utc.data!.usage.daily.map((d: { date: string; costMicroUsd: number }) => [d.date, d.costMicroUsd])).toEqual([['2026-04-10', 7_000], ['2026-04-11', 0]]);
    const kolkata = await t.gql(dashboard, { filter: { from: '2026-04-10', to: '2026-04-11', timeZone: 'Asia/Kolkata' } }, acme.admin.token);
    const usage = kolkata.data!.usage;
    expect(usage.daily).toEqual([
      { date: '2026-04-10', costMicroUsd: 1_000, byComputeType: [{ computeType: 'LLM', costMicroUsd: 1_000, events: 1 }] },
      { date: '2026-04-11', costMicroUsd: 6_000, byComputeType: [{ computeType: 'LLM', costMicroUsd: 2_000, events: 1 }, { computeType: 'TOOLS', costMicroUsd: 4_000, events: 1 }] },
    ]);
    expect(usage).toMatchObject({ costMicroUsd: 7_000, costUsd: 0.007, events: 3, timeZone: 'Asia/Kolkata' });
    expect(usage.topAgents).toEqual([{ agentId: 'agent-b', agentName: 'Scraper', costMicroUsd: 4_000 }, { agentId: 'agent-a', agentName: 'Researcher', costMicroUsd: 3_000 }]);
    expect(usage.byModel).toEqual([{ provider: null, model: null, costMicroUsd: 4_000, inputTokens: 0 }, { provider: 'anthropic', model: 'claude', costMicroUsd: 3_000, inputTokens: 20 }]);
    expect(usage.bySpace).toEqual([{ space: { id: spaceId }, costMicroUsd: 4_000 }, { space: null, costMicroUsd: 3_000 }]);
    expect(usage.byUser).toEqual([{ user: null, costMicroUsd: 4_000 }, { user: { id: acme.admin.accountId }, costMicroUsd: 3_000 }]);
    // An analytics consumer's key with Analytics READ gets the same dashboard, entities included.
    const dashboardKey = (await t.gql(createKey, { input: { name: 'Dashboards', grants: [{ area: 'ANALYTICS', level: 'READ' }] } }, acme.admin.token)).data!.createApiKey.secret;
    const byKey = await postGraphQL(t.stack.gatewayUrl, dashboard, { filter: { from: '2026-04-10', to: '2026-04-11', timeZone: 'Asia/Kolkata' } }, { token: dashboardKey });
    expect(byKey.errors).toBeUndefined();
    expect(byKey.data!.usage).toEqual(usage);
    // Kathmandu is +05:45: its 11 April starts at 18:15 UTC, so 18:29 and 18:31 UTC both fall on it.
    const kathmandu = await t.gql(dashboard, { filter: { from: '2026-04-11', to: '2026-04-11', timeZone: 'Asia/Kathmandu', agentId: 'agent-a' } }, acme.admin.token);
    expect(kathmandu.data!.usage).toMatchObject({ costMicroUsd: 3_000, events: 2 });
  });

  it('a member without Analytics READ sees only their own usage; User.usage and Space.usage narrow the dashboard', async () => {
    const nora = await acme.member('VIEWER', 'Nora');
    const as = (query: string, variables: Record<string, unknown>, token: string) => t.gql(query, variables, token);
    const role = await as('mutation { createRole(input: { name: "Prompt reader", grants: [{ area: PROMPTS, level: READ }] }) { role { id } } }', {}, acme.admin.token);
    const roleChange = (mutation: string, roleId: string) => as(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId: nora.accountId, roleId } }, acme.admin.token);
    await roleChange('assignRole', role.data!.createRole.role.id);
    await roleChange('revokeRole', await acme.roleId('VIEWER'));
    await report([event('own-1', '2026-05-01T09:00:00Z', { userId: nora.accountId, costMicroUsd: 70 }), event('own-2', '2026-05-01T09:00:00Z', { userId: acme.admin.accountId, spaceId, costMicroUsd: 30 })]);
    const may = { from: '2026-05-01', to: '2026-05-01' };
    const own = await as(dashboard, { filter: may }, nora.token);
    expect(own.data!.usage).toMatchObject({ costMicroUsd: 70, byUser: [{ user: { id: nora.accountId }, costMicroUsd: 70 }] });
    // Asking for someone else's usage through the filter shows nothing of theirs.
    expect((await as(dashboard, { filter: { ...may, userId: acme.admin.accountId } }, nora.token)).data!.usage.costMicroUsd).toBe(0);
    const mine = await as('query($filter: UsageFilter!) { viewer { usage(filter: $filter) { costMicroUsd } } }', { filter: may }, nora.token);
    expect(mine.data!.viewer.usage.costMicroUsd).toBe(70);
    const theirs = await as('query($id: ID!, $filter: UsageFilter!) { user(id: $id) { usage(filter: $filter) { costMicroUsd } } }', { id: acme.admin.accountId, filter: may }, nora.token);
    expect(errorCodes(theirs)).toEqual(['FORBIDDEN']);
    const byAdmin = await as('query($id: ID!, $filter: UsageFilter!) { user(id: $id) { usage(filter: $filter) { costMicroUsd } } }', { id: nora.accountId, filter: may }, acme.admin.token);
    expect(byAdmin.data!.user.usage.costMicroUsd).toBe(70);
    const space = await as('query($id: ID!, $filter: UsageFilter!) { space(id: $id) { usage(filter: $filter) { costMicroUsd } } }', { id: spaceId, filter: may }, acme.admin.token);
    expect(space.data!.space.usage.costMicroUsd).toBe(30);
    // A PENDING member sees nothing at all, not even their own.
    const pending = await t.seed.signUp({ name: 'Pat' });
    expect(pending.membershipStatus).toBe('PENDING');
    expect(errorCodes(await as(dashboard, { filter: may }, pending.token))).toEqual(['FORBIDDEN']);
  });

  it('deleting a member keeps the organization\'s cost history but unlinks the person', async () => {
    const dan = await acme.member('VIEWER', 'Dan');
    await report([event('dan-1', '2026-06-01T09:00:00Z', { userId: dan.accountId, costMicroUsd: 500 }), event('anon-1', '2026-06-01T09:10:00Z', { costMicroUsd: 5 })]);
    const june = { from: '2026-06-01', to: '2026-06-01' };
    const before = (await t.gql(dashboard, { filter: june }, acme.admin.token)).data!.usage;
    expect(before.byUser).toEqual([{ user: { id: dan.accountId }, costMicroUsd: 500 }, { user: null, costMicroUsd: 5 }]);
    const deleted = await t.gql('mutation($input: DeleteUserInput!) { deleteUser(input: $input) { userErrors { code } } }', { input: { userId: dan.accountId } }, acme.admin.token);
    expect(deleted.data!.deleteUser.userErrors).toEqual([]);
    const db = t.stack.apps.metering.dataSource;
    for (let i = 0; i < 100 && Number((await db.query('SELECT COUNT(*) AS n FROM usage_event WHERE userId = ?', [dan.accountId]))[0].n) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const after = (await t.gql(dashboard, { filter: june }, acme.admin.token)).data!.usage;
    expect(after).toMatchObject({ costMicroUsd: before.costMicroUsd, events: before.events, byUser: [{ user: null, costMicroUsd: 505 }] });
    expect(Number((await db.query("SELECT COUNT(*) AS n FROM usage_quarter_hourly WHERE userId = ?", [dan.accountId]))[0].n)).toBe(0);
    expect(Number((await db.query("SELECT COUNT(*) AS n FROM usage_hourly WHERE userId = ?", [dan.accountId]))[0].n)).toBe(0);
  });

  it('another organization sees none of it, a bad time zone or range is a client error', async () => {
    const theirs = await t.gql(dashboard, { filter: { from: '2026-03-01', to: '2026-04-30' } }, globex.admin.token);
    expect(theirs.data!.usage).toMatchObject({ costMicroUsd: 0, events: 0, topAgents: [], byUser: [] });
    expect(errorCodes(await t.gql(dashboard, { filter: { from: '2026-04-10', to: '2026-04-11', timeZone: 'Mars/Olympus' } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(dashboard, { filter: { from: '2026-04-11', to: '2026-04-10' } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(dashboard, { filter: { from: '2020-01-01', to: '2026-04-10' } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(dashboard, { filter: { from: 'yesterday', to: '2026-04-10' } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(dashboard, { filter: { from: '2026-04-10', to: '2026-04-11' } }))).toEqual(['UNAUTHENTICATED']);
  });
});
