import { adjustableClock, csvRecords } from '@gatehouse/shared';
import { SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const record = `mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }`;
const exportLink = `query($filter: UsageFilter!, $kind: UsageExportKind) { usageExport(filter: $filter, kind: $kind) { url expiresAt } }`;
const chart = `query($filter: UsageFilter!) { usage(filter: $filter) { costMicroUsd events daily { date costMicroUsd byComputeType { computeType costMicroUsd } } } }`;

describe('usage CSV export through the gateway', () => {
  const clock = adjustableClock();
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let origin: string;
  const filter = { from: '2026-08-01', to: '2026-08-03', timeZone: 'Asia/Kathmandu' };
  const rows = (text: string) => [...csvRecords(text)].map((r) => r.fields);
  const download = async (token: string, variables: Record<string, unknown>) => {
    const link = await t.gql(exportLink, variables, token);
    expect(link.errors).toBeUndefined();
    return fetch(`${origin}${link.data!.usageExport.url}`);
  };

  beforeAll(async () => {
    t = await startTestStack({}, { clock });
    origin = new URL(t.stack.gatewayUrl).origin;
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    const keyOf = async (org: SeededOrganization) => (await t.gql('mutation { createApiKey(input: { name: "Runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, org.admin.token)).data!.createApiKey.secret;
    const acmeKey = await keyOf(acme);
    // 2,500 events over three days (pages of the raw export), every 100 s, across compute types and two agents.
    const types = ['LLM', 'TOOLS', 'CODE'];
    const events = Array.from({ length: 2500 }, (_, i) => ({
      id: `e-${i}`, occurredAt: new Date(Date.parse('2026-07-31T18:15:00Z') + i * 100_000).toISOString(), computeType: types[i % 3], costMicroUsd: 10 + (i % 7),
      agent: i % 2 ? { id: 'a-1', name: '=HYPERLINK("http://evil.test","click")' } : { id: 'a-2', name: 'Writer, v2' },
    }));
    for (let i = 0; i < events.length; i += 1000) expect((await postGraphQL(t.stack.gatewayUrl, record, { input: { events: events.slice(i, i + 1000) } }, { token: acmeKey })).data!.recordUsage.recorded).toBe(Math.min(1000, events.length - i));
    await postGraphQL(t.stack.gatewayUrl, record, { input: { events: [{ id: 'g-1', occurredAt: '2026-08-02T10:00:00Z', computeType: 'LLM', costMicroUsd: 999 }] } }, { token: await keyOf(globex) });
  });
  afterAll(() => t.stop());

  it('the daily CSV is the chart: same days, same amounts per compute type; formulas are neutralised', async () => {
    const response = await download(acme.admin.token, { filter, kind: 'DAILY' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header, ...body] = rows(await response.text());
    expect(header).toEqual(['date', 'computeType', 'spaceId', 'agentId', 'agentName', 'costMicroUsd', 'costUsd', 'inputTokens', 'outputTokens', 'cachedTokens', 'events']);
    const shown = (await t.gql(chart, { filter }, acme.admin.token)).data!.usage;
    const fromCsv = new Map<string, number>();
    for (const row of body) fromCsv.set(`${row[0]} ${row[1]}`, (fromCsv.get(`${row[0]} ${row[1]}`) ?? 0) + Number(row[5]));
    const fromChart = new Map<string, number>();
    for (const day of shown.daily) for (const type of day.byComputeType) fromChart.set(`${day.date} ${type.computeType}`, type.costMicroUsd);
    expect(fromCsv).toEqual(fromChart);
    expect(body.reduce((sum, row) => sum + Number(row[10]), 0)).toBe(shown.events);
    expect(shown.events).toBe(2500);
    const names = new Set(body.map((row) => row[4]));
    expect(names).toEqual(new Set([`'=HYPERLINK("http://evil.test","click")`, 'Writer, v2']));
  });

  it('the raw CSV has every event once, oldest first, streamed page by page', async () => {
    const response = await download(acme.admin.token, { filter, kind: 'EVENTS' });
    const [header, ...body] = rows(await response.text());
    expect(header.slice(0, 4)).toEqual(['eventId', 'occurredAt', 'date', 'computeType']);
    expect(body).toHaveLength(2500);
    expect(new Set(body.map((r) => r[0])).size).toBe(2500);
    const times = body.map((r) => Date.parse(r[1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Kathmandu's 1 August starts at 18:15 UTC on 31 July: the first event is on it.
    expect(body[0].slice(0, 3)).toEqual(['e-0', '2026-07-31T18:15:00.000Z', '2026-08-01']);
  });

  it('another organization\'s link shows its own usage only; links expire and cannot be altered', async () => {
    const theirs = rows(await (await download(globex.admin.token, { filter, kind: 'EVENTS' })).text());
    expect(theirs.slice(1).map((r) => r[0])).toEqual(['g-1']);
    const link = (await t.gql(exportLink, { filter }, acme.admin.token)).data!.usageExport;
    const [body, signature] = link.url.split('token=')[1].split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), scope: { organizationId: globex.id, all: true } })).toString('base64url');
    expect((await fetch(`${origin}/exports/usage.csv?token=${widened}.${signature}`)).status).toBe(404);
    expect((await fetch(`${origin}/exports/usage.csv?token=nonsense`)).status).toBe(404);
    expect((await fetch(`${origin}/exports/usage.csv`)).status).toBe(404);
    clock.advance(6 * 60_000);
    expect((await fetch(`${origin}${link.url}`)).status).toBe(404);
    expect(errorCodes(await t.gql(exportLink, { filter: { ...filter, timeZone: 'Nowhere/Else' } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(exportLink, { filter }))).toEqual(['UNAUTHENTICATED']);
  });
});
