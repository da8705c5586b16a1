import { adjustableClock, csvRecords } from '@gatehouse/shared';
import { postGraphQL } from '@gatehouse/shared/testing';
import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { SubscriptionClients, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the README usage flows', () => {
  const clock = adjustableClock();
  let t: TestStack;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  beforeAll(async () => {
    t = await startTestStack({}, { clock });
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const operations = readmeOperations('Usage analytics');
    expect(operations.map((o) => o.name)).toEqual(['SetModelPrice', 'RecordUsage', 'UsageDashboard', 'UsageAcrossOrganizations', 'SetUsageTimeZone', 'WatchUsage', 'ExportUsage']);
    const run = readmeRunner(t, operations, acme.admin.token);
    const key = await t.gql('mutation { createApiKey(input: { name: "Agent runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, acme.admin.token);
    const document = (name: string) => operations.find((o) => o.name === name)!.document;

    expect((await run('SetModelPrice')).price).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    // The run happened after the price was set, at 18:45 UTC: the next day in Kolkata (+05:30).
    const at = new Date(clock.now() + 86_400_000);
    at.setUTCHours(18, 45, 0, 0);
    clock.advance(2 * 86_400_000);
    const recorded = await postGraphQL(t.stack.gatewayUrl, document('RecordUsage'), { at: at.toISOString(), userId: acme.admin.accountId }, { token: key.data!.createApiKey.secret });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordUsage).toMatchObject({ recorded: 2, duplicates: 0, rejected: 1 });
    expect(recorded.data!.recordUsage.results.map((r: { status: string; error: { code: string } | null }) => r.error?.code ?? r.status)).toEqual(['RECORDED', 'RECORDED', 'UNKNOWN_COMPUTE_TYPE']);
    const again = await postGraphQL(t.stack.gatewayUrl, document('RecordUsage'), { at: at.toISOString(), userId: acme.admin.accountId }, { token: key.data!.createApiKey.secret });
    expect(again.data!.recordUsage).toMatchObject({ recorded: 0, duplicates: 2, rejected: 1 });

    const kolkataDay = new Date(at.getTime() + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const response = await t.gql(document('UsageDashboard'), { from: kolkataDay, to: kolkataDay }, acme.admin.token);
    expect(response.errors).toBeUndefined();
    const { computeTypes, usage } = response.data!;
    expect(computeTypes).toHaveLength(6);
    // 1M input × $2.50 + 0.1M output × $10 = $3.50 for the LLM run; $0.25 for the tool.
    expect(usage).toMatchObject({ costUsd: 3.75, totalTokens: 1_100_000, events: 2 });
    expect(usage.daily).toEqual([{ date: kolkataDay, costUsd: 3.75, byComputeType: [{ computeType: 'LLM', costUsd: 3.5 }, { computeType: 'TOOLS', costUsd: 0.25 }] }]);
    expect(usage.topAgents).toEqual([{ agentId: 'a-1', agentName: 'Researcher', costUsd: 3.5 }, { agentId: 'a-2', agentName: 'Scraper', costUsd: 0.25 }]);
    expect(usage.byModel[0]).toEqual({ provider: 'openai', model: 'gpt-4o', costUsd: 3.5, inputTokens: 1_000_000, outputTokens: 100_000 });
    expect(usage.byUser).toEqual([{ user: { email: acme.admin.email }, costUsd: 3.5 }, { user: null, costUsd: 0.25 }]);
    expect(usage.bySpace).toEqual([{ space: null, costUsd: 3.75 }]);

    // A second organization of the same account: the combined view lists both, in UTC (18:45 UTC is still the run's day).
    const side = await t.gql('mutation { createOrganization(input: { name: "Side Project" }) { userErrors { code } } }', {}, acme.admin.token);
    expect(side.data!.createOrganization.userErrors).toEqual([]);
    const utcDay = at.toISOString().slice(0, 10);
    let combined = await run('UsageAcrossOrganizations', { from: utcDay, to: utcDay });
    for (let i = 0; i < 100 && combined.byOrganization.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      combined = await run('UsageAcrossOrganizations', { from: utcDay, to: utcDay });
    }
    expect(combined).toMatchObject({ costUsd: 3.75, events: 2, timeZone: 'UTC', leftOut: [] });
    expect(combined.byOrganization).toEqual([{ organizationName: 'Acme', costUsd: 3.75 }, { organizationName: 'Side Project', costUsd: 0 }]);
    expect(combined.daily).toEqual([{ date: utcDay, costUsd: 3.75, byComputeType: [{ computeType: 'LLM', costUsd: 3.5 }, { computeType: 'TOOLS', costUsd: 0.25 }] }]);
    expect(combined.topAgents).toEqual([{ organizationId: acme.id, agentName: 'Researcher', costUsd: 3.5 }, { organizationId: acme.id, agentName: 'Scraper', costUsd: 0.25 }]);

    // The organization's zone: 18:45 UTC is 00:30 the next day in Kathmandu (+05:45), the same day as in Kolkata.
    expect((await run('SetUsageTimeZone')).settings).toEqual({ timeZone: 'Asia/Kathmandu' });
    const days = { from: kolkataDay, to: kolkataDay };
    const watching = ws.watch(ws.connect({ token: acme.admin.token }), document('WatchUsage'), days);
    await until(() => watching.events.length === 1);
    expect(watching.events[0].data.usageUpdated).toEqual({ timeZone: 'Asia/Kathmandu', costUsd: 3.75, events: 2, daily: [{ date: kolkataDay, costUsd: 3.75 }] });
    const more = await postGraphQL(t.stack.gatewayUrl, 'mutation($at: DateTime!) { recordUsage(input: { events: [{ id: "run-4", occurredAt: $at, computeType: "CODE", costMicroUsd: 1000000 }] }) { recorded } }', { at: at.toISOString() }, { token: key.data!.createApiKey.secret });
    expect(more.data!.recordUsage.recorded).toBe(1);
    await until(() => watching.events.at(-1)?.data.usageUpdated.events === 3);
    expect(watching.events.at(-1)!.data.usageUpdated).toMatchObject({ costUsd: 4.75, events: 3 });

    const link = await run('ExportUsage', days);
    expect(link.url).toMatch(/^\/exports\/usage\.csv\?token=/);
    const csv = await (await fetch(`${new URL(t.stack.gatewayUrl).origin}${link.url}`)).text();
    const [header, ...rows] = [...csvRecords(csv)].map((r) => r.fields);
    expect(header.slice(0, 2)).toEqual(['date', 'computeType']);
    expect(rows.map((r) => [r[0], r[1], r[5]]).sort()).toEqual([[kolkataDay, 'CODE', '1000000'], [kolkataDay, 'LLM', '3500000'], [kolkataDay, 'TOOLS', '250000']]);
  });
});
