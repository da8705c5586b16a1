import { csvRecords } from '@gatehouse/shared';
import { SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { SubscriptionClients } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

const settings = '{ usageSettings { timeZone } }';
const update = 'mutation($input: UpdateUsageSettingsInput!) { updateUsageSettings(input: $input) { settings { timeZone } userErrors { field code } } }';
const chart = 'query($filter: UsageFilter!) { usage(filter: $filter) { timeZone costMicroUsd daily { date costMicroUsd } } }';
const exportLink = 'query($filter: UsageFilter!) { usageExport(filter: $filter, kind: DAILY) { url } }';
const updates = 'subscription($filter: UsageFilter!) { usageUpdated(filter: $filter) { costMicroUsd } }';
const record = 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }';
const audit = 'query { auditLog(first: 50, filter: { actions: [USAGE_SETTINGS_CHANGED] }) { edges { node { action actorType actorId targetType targetId source details } } } }';

describe('the organization\'s usage time zone and the bounds of the usage filter', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  // 18:20 UTC on July 1st is 00:05 on July 2nd in Kathmandu (+05:45).
  const july = { from: '2026-07-01', to: '2026-07-02' };
  const keyWith = async (org: SeededOrganization, area: string, level: string) =>
    (await t.gql('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', { input: { name: `${area} ${level}`, grants: [{ area, level }] } }, org.admin.token)).data!.createApiKey.secret as string;
  const setZone = (timeZone: string, token: string) => t.gql(update, { input: { timeZone } }, token);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    for (const org of [acme, globex]) {
      const recorded = await postGraphQL(t.stack.gatewayUrl, record, { input: { events: [{ id: 'late-evening', occurredAt: '2026-07-01T18:20:00Z', computeType: 'LLM', costMicroUsd: 400 }] } }, { token: await keyWith(org, 'ANALYTICS', 'WRITE') });
      expect(recorded.data!.recordUsage.recorded).toBe(1);
    }
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('the dashboard and its export count days in the organization\'s zone when the filter names none; other organizations keep theirs', async () => {
    expect((await t.gql(settings, {}, acme.admin.token)).data!.usageSettings).toEqual({ timeZone: 'UTC' });
    expect((await t.gql(chart, { filter: july }, acme.admin.token)).data!.usage).toEqual({ timeZone: 'UTC', costMicroUsd: 400, daily: [{ date: '2026-07-01', costMicroUsd: 400 }, { date: '2026-07-02', costMicroUsd: 0 }] });

    const changed = await setZone('Asia/Kathmandu', acme.admin.token);
    expect(changed.data!.updateUsageSettings).toEqual({ settings: { timeZone: 'Asia/Kathmandu' }, userErrors: [] });
    expect((await t.gql(settings, {}, acme.admin.token)).data!.usageSettings).toEqual({ timeZone: 'Asia/Kathmandu' });
    expect((await t.gql(chart, { filter: july }, acme.admin.token)).data!.usage).toEqual({ timeZone: 'Asia/Kathmandu', costMicroUsd: 400, daily: [{ date: '2026-07-01', costMicroUsd: 0 }, { date: '2026-07-02', costMicroUsd: 400 }] });
    // A filter naming a zone still wins.
    expect((await t.gql(chart, { filter: { ...july, timeZone: 'UTC' } }, acme.admin.token)).data!.usage.daily[0]).toEqual({ date: '2026-07-01', costMicroUsd: 400 });
    const link = await t.gql(exportLink, { filter: july }, acme.admin.token);
    const csv = await (await fetch(`${new URL(t.stack.gatewayUrl).origin}${link.data!.usageExport.url}`)).text();
    expect([...csvRecords(csv)].slice(1).map((r) => [r.fields[0], r.fields[5]])).toEqual([['2026-07-02', '400']]);

    expect((await t.gql(settings, {}, globex.admin.token)).data!.usageSettings).toEqual({ timeZone: 'UTC' });
    expect((await t.gql(chart, { filter: july }, globex.admin.token)).data!.usage.daily[0]).toEqual({ date: '2026-07-01', costMicroUsd: 400 });
    expect((await setZone('America/New_York', globex.admin.token)).data!.updateUsageSettings.userErrors).toEqual([]);
    expect((await t.gql(settings, {}, acme.admin.token)).data!.usageSettings).toEqual({ timeZone: 'Asia/Kathmandu' });
  });

  it('only a person with Settings WRITE changes the zone; anyone active reads it; an unknown zone is a userError and changes nothing', async () => {
    const viewer = await acme.member('VIEWER', 'Vera');
    const editor = await acme.member('EDITOR', 'Ed');
    expect((await t.gql(settings, {}, viewer.token)).data!.usageSettings).toEqual({ timeZone: 'Asia/Kathmandu' });
    expect(errorCodes(await setZone('UTC', viewer.token))).toEqual(['FORBIDDEN']);
    // Editors hold Analytics WRITE (reporting usage), not Settings.
    expect(errorCodes(await setZone('UTC', editor.token))).toEqual(['FORBIDDEN']);
    const settingsKey = await keyWith(acme, 'SETTINGS', 'WRITE');
    expect(errorCodes(await postGraphQL(t.stack.gatewayUrl, update, { input: { timeZone: 'UTC' } }, { token: settingsKey }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(settings, {}))).toEqual(['UNAUTHENTICATED']);
    for (const timeZone of ['Mars/Olympus', '', 'Europe/Berlin'.padEnd(65, 'x')]) {
      expect((await setZone(timeZone, acme.admin.token)).data!.updateUsageSettings).toEqual({ settings: null, userErrors: [{ field: ['input', 'timeZone'], code: 'INVALID_TIME_ZONE' }] });
    }
    expect((await t.gql(settings, {}, acme.admin.token)).data!.usageSettings).toEqual({ timeZone: 'Asia/Kathmandu' });
  });

  it('each change is audited with before and after in its organization\'s log; refusals and setting the same zone record nothing', async () => {
    expect((await setZone('Asia/Kathmandu', acme.admin.token)).data!.updateUsageSettings.userErrors).toEqual([]);
    expect((await setZone('Europe/Berlin', acme.admin.token)).data!.updateUsageSettings.userErrors).toEqual([]);
    const entries = async (org: SeededOrganization) => (await t.gql(audit, {}, org.admin.token)).data!.auditLog.edges.map((e: { node: unknown }) => e.node);
    for (let i = 0; i < 100 && (await entries(acme)).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const change = (org: SeededOrganization, before: string, after: string) => ({ action: 'USAGE_SETTINGS_CHANGED', actorType: 'USER', actorId: org.admin.accountId, targetType: 'ORGANIZATION', targetId: org.id, source: 'metering', details: { before: { timeZone: before }, after: { timeZone: after } } });
    // Newest first.
    expect(await entries(acme)).toEqual([change(acme, 'Asia/Kathmandu', 'Europe/Berlin'), change(acme, 'UTC', 'Asia/Kathmandu')]);
    expect(await entries(globex)).toEqual([change(globex, 'UTC', 'America/New_York')]);
  });

  it('a filter names at most 20 compute types, each at most 32 characters: more is a client error on every path that takes it', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `TYPE_${i}`);
    expect((await t.gql(chart, { filter: { ...july, computeTypes: [...twenty.slice(1), 'LLM'] } }, acme.admin.token)).data!.usage.costMicroUsd).toBe(400);
    const refusal = (response: Awaited<ReturnType<TestStack['gql']>>) => response.errors?.map((e) => [e.extensions?.code, e.extensions?.reason ?? null]);
    for (const computeTypes of [[...twenty, 'LLM'], Array.from({ length: 100_000 }, (_, i) => `T${i}`)]) {
      expect(refusal(await t.gql(chart, { filter: { ...july, computeTypes } }, acme.admin.token))).toEqual([['BAD_USER_INPUT', 'TOO_MANY_COMPUTE_TYPES']]);
      expect(refusal(await t.gql(exportLink, { filter: { ...july, computeTypes } }, acme.admin.token))).toEqual([['BAD_USER_INPUT', 'TOO_MANY_COMPUTE_TYPES']]);
    }
    expect(refusal(await t.gql(chart, { filter: { ...july, computeTypes: ['L'.repeat(33)] } }, acme.admin.token))).toEqual([['BAD_USER_INPUT', null]]);
    const live = ws.watch(ws.connect({ token: acme.admin.token }), updates, { filter: { ...july, computeTypes: [...twenty, 'LLM'] } });
    await live.done;
    expect(JSON.stringify([live.events, live.errors])).toContain('TOO_MANY_COMPUTE_TYPES');
  });
});
