import { postGraphQL } from '@gatehouse/shared/testing';
import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { SubscriptionClients, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the README daily token limit flows', () => {
  let t: TestStack;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const mia = await acme.member('VIEWER', 'Mia');
    const operations = readmeOperations('Daily token limits');
    expect(operations.map((o) => o.name)).toEqual(['SetOrganizationLimit', 'SetGroupLimit', 'SetUserModelLimit', 'ExplainLimit', 'ReserveTokens', 'SettleUsage', 'PreviewLimitChange', 'WatchLimitAlerts']);
    const run = readmeRunner(t, operations, acme.admin.token);
    const document = (name: string) => operations.find((o) => o.name === name)!.document;
    const key = (await t.gql('mutation { createApiKey(input: { name: "Agent runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, acme.admin.token)).data!.createApiKey.secret;
    const platform = async (name: string, variables: Record<string, unknown>) => {
      const response = await postGraphQL(t.stack.gatewayUrl, document(name), variables, { token: key });
      expect(response.errors).toBeUndefined();
      return Object.values(response.data!)[0];
    };
    const groupId = (await t.gql('mutation { createGroup(input: { name: "Research", grants: [] }) { group { id } } }', {}, acme.admin.token)).data!.createGroup.group.id;
    await t.gql('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId, userIds: [mia.accountId] } }, acme.admin.token);

    expect((await run('SetOrganizationLimit')).setting).toEqual({ level: 'ORGANIZATION', dailyTokens: 100_000 });
    expect((await run('SetGroupLimit', { groupId })).setting).toEqual({ level: 'GROUP', targetId: groupId, dailyTokens: 500_000 });
    expect((await run('SetUserModelLimit', { userId: mia.accountId })).setting).toEqual({ level: 'USER', model: 'gpt-4o', dailyTokens: 20_000 });

    // The group's 500,000 beats the default on all models; gpt-4o's own 20,000 has less left, so it binds.
    const explained = await t.gql(document('ExplainLimit'), { userId: mia.accountId }, acme.admin.token);
    expect(explained.errors).toBeUndefined();
    expect(explained.data!.effectiveTokenLimit).toMatchObject({
      limit: 20_000, remaining: 20_000, usedToday: 0, level: 'USER',
      allModels: { limit: 500_000, source: { level: 'GROUP', targetId: groupId }, candidates: [{ level: 'GROUP', targetId: groupId, dailyTokens: 500_000 }, { level: 'ORGANIZATION', targetId: null, dailyTokens: 100_000 }] },
      forModel: { model: 'gpt-4o', limit: 20_000, usedToday: 0, remaining: 20_000 },
    });
    expect(explained.data!.user).toEqual({ dailyTokenLimit: 500_000, dailyUsage: 0 });

    const reserved = await platform('ReserveTokens', { userId: mia.accountId, requestId: 'req-1' });
    expect(reserved).toMatchObject({ hold: { status: 'OPEN', tokens: 4000 }, limit: { limit: 20_000, remaining: 16_000 }, userErrors: [] });
    const settled = await platform('SettleUsage', { holdId: reserved.hold.id, at: new Date().toISOString() });
    expect(settled).toEqual({ hold: { status: 'SETTLED', settledEventId: 'call-1' }, event: { status: 'RECORDED', overDailyLimit: false }, userErrors: [] });
    expect((await t.gql(document('ExplainLimit'), { userId: mia.accountId }, acme.admin.token)).data!.effectiveTokenLimit).toMatchObject({ usedToday: 3500, forModel: { usedToday: 3500, remaining: 16_500 } });

    const alerts = ws.watch(ws.connect({ token: acme.admin.token }), document('WatchLimitAlerts'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const more = await postGraphQL(t.stack.gatewayUrl, 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { results { overDailyLimit } } }', {
      input: { events: [{ id: 'call-2', occurredAt: new Date().toISOString(), computeType: 'LLM', userId: mia.accountId, provider: 'openai', model: 'gpt-4o', inputTokens: 14_000, costMicroUsd: 1 }] },
    }, { token: key });
    expect(more.data!.recordUsage.results).toEqual([{ overDailyLimit: false }]);
    await until(() => alerts.events.length >= 1);
    expect(alerts.events[0].data.tokenLimitReached).toMatchObject({ user: { email: mia.email }, model: 'gpt-4o', percent: 80, limit: 20_000, usedToday: 17_500 });

    expect(await run('PreviewLimitChange', { userId: mia.accountId })).toEqual({ membersReached: 1, overLimit: [{ user: { email: mia.email }, usedToday: 17_500, limitAfter: 1000, overBy: 16_500 }], userErrors: [] });
  });
});
