import { getNamedType, isObjectType } from 'graphql';
import { csvRecords } from '@gatehouse/shared';
import { meteringSchema } from '@gatehouse/metering';
import { SeededMember, SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { SubscriptionClients, settle, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

const record = `mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }`;
const dashboard = `query($filter: UsageFilter!) { usage(filter: $filter) { costMicroUsd events bySpace { space { id } costMicroUsd } byUser { user { id } costMicroUsd } } }`;
const spaceUsage = `query($id: ID!, $filter: UsageFilter!) { space(id: $id) { usage(filter: $filter) { costMicroUsd } } }`;
const exportLink = `query($filter: UsageFilter!, $kind: UsageExportKind) { usageExport(filter: $filter, kind: $kind) { url } }`;
const updates = `subscription($filter: UsageFilter!) { usageUpdated(filter: $filter) { costMicroUsd events } }`;

/**
 * A member holding Analytics READ in one space only (a role assigned at space scope, nothing across
 * the organization) sees that space's usage and their own, on every path that reads usage.
 */
describe('space-scoped Analytics grants', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let sam: SeededMember;
  let reporter: string;
  let research: string;
  let sales: string;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  const day = { from: '2026-10-01', to: '2026-10-01', timeZone: 'UTC' };
  const report = async (events: Record<string, unknown>[]) => {
    const response = await postGraphQL(t.stack.gatewayUrl, record, { input: { events: events.map((e) => ({ occurredAt: '2026-10-01T10:00:00Z', computeType: 'LLM', ...e })) } }, { token: reporter });
    expect(response.data!.recordUsage.recorded).toBe(events.length);
  };
  const admin = (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, acme.admin.token);
  const roleChange = async (mutation: string, input: Record<string, unknown>) => {
    const response = await admin(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input });
    expect(response.data![mutation].userErrors).toEqual([]);
  };
  /** Sam's usage once access control has heard of the change (its space projection follows identity's events). */
  const samSeesEventually = async (costMicroUsd: number) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const seen = (await t.gql(dashboard, { filter: day }, sam.token)).data!.usage.costMicroUsd;
      if (seen === costMicroUsd || Date.now() > deadline) return seen;
      await settle(50);
    }
  };

  beforeAll(async () => {
    // Events still go out at commit; a long viewer cache keeps the gateway's own look-ups out of the statements counted.
    t = await startTestStack({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' });
    acme = await t.seed.organization('Acme');
    reporter = (await admin('mutation { createApiKey(input: { name: "Runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }')).data!.createApiKey.secret;
    research = (await admin('mutation { createSpace(input: { name: "Research" }) { space { id } } }')).data!.createSpace.space.id;
    sales = (await admin('mutation { createSpace(input: { name: "Sales" }) { space { id } } }')).data!.createSpace.space.id;
    // Sam: no Analytics across the organization (a prompt reader instead of a Viewer), an analyst in Research.
    sam = await acme.member('VIEWER', 'Sam');
    const role = async (name: string, ...areas: string[]) => (await admin(`mutation { createRole(input: { name: "${name}", grants: [${areas.map((a) => `{ area: ${a}, level: READ }`)}] }) { role { id } } }`)).data!.createRole.role.id;
    // Spaces READ: Sam looks spaces up with space(id).
    await roleChange('assignRole', { userId: sam.accountId, roleId: await role('Prompt reader', 'PROMPTS', 'SPACES') });
    await roleChange('revokeRole', { userId: sam.accountId, roleId: await acme.roleId('VIEWER') });
    await roleChange('assignRole', { userId: sam.accountId, roleId: await role('Analyst', 'ANALYTICS'), spaceId: research });
    await report([
      { id: 'research-1', spaceId: research, userId: acme.admin.accountId, costMicroUsd: 100 },
      { id: 'sales-1', spaceId: sales, userId: acme.admin.accountId, costMicroUsd: 20 },
      { id: 'sam-in-sales', spaceId: sales, userId: sam.accountId, costMicroUsd: 3 },
      { id: 'nowhere-1', userId: acme.admin.accountId, costMicroUsd: 4000 },
    ]);
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('covers every field that reads one organization\'s usage within the viewer\'s scope', async () => {
    const { schema } = await meteringSchema();
    const scoped = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).filter((f) => ['Usage', 'UsageExportLink'].includes(getNamedType(f.type).name)).map((f) => `${type.name}.${f.name}`));
    // Each is exercised below (User.usage of oneself is the organization-wide rule: metering.test.ts).
    expect(scoped.sort()).toEqual(['Query.usage', 'Query.usageExport', 'Space.usage', 'Subscription.usageUpdated', 'User.usage']);
  });

  it('the dashboard shows the granted space and the member\'s own usage, not the other spaces\' or the organization\'s', async () => {
    expect(await samSeesEventually(103)).toBe(103);
    const seen = (await t.gql(dashboard, { filter: day }, sam.token)).data!.usage;
    expect(seen).toMatchObject({ costMicroUsd: 103, events: 2 });
    expect(seen.bySpace).toEqual([{ space: { id: research }, costMicroUsd: 100 }, { space: { id: sales }, costMicroUsd: 3 }]);
    // Narrowed to another space, only their own usage there shows.
    expect((await t.gql(dashboard, { filter: { ...day, spaceId: sales } }, sam.token)).data!.usage.costMicroUsd).toBe(3);
    expect((await t.gql(dashboard, { filter: { ...day, userId: acme.admin.accountId } }, sam.token)).data!.usage.costMicroUsd).toBe(100);
    // User.usage: their own, all of it; a colleague's takes Analytics READ across the organization, even one who spent in Research.
    expect((await t.gql('query($filter: UsageFilter!) { viewer { usage(filter: $filter) { costMicroUsd } } }', { filter: day }, sam.token)).data!.viewer.usage.costMicroUsd).toBe(3);
    expect(errorCodes(await t.gql('query($id: ID!, $filter: UsageFilter!) { user(id: $id) { usage(filter: $filter) { costMicroUsd } } }', { id: acme.admin.accountId, filter: day }, sam.token))).toEqual(['FORBIDDEN']);
    // The admin (Analytics READ across the organization) still sees everything.
    expect((await admin(dashboard, { filter: day })).data!.usage.costMicroUsd).toBe(4123);
  });

  it('Space.usage answers for the granted space and is FORBIDDEN for another', async () => {
    expect((await t.gql(spaceUsage, { id: research, filter: day }, sam.token)).data!.space.usage.costMicroUsd).toBe(100);
    const other = await t.gql(spaceUsage, { id: sales, filter: day }, sam.token);
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    expect(other.data?.space?.usage ?? null).toBeNull();
  });

  it('the export links carry the same scope: the granted space and their own rows only', async () => {
    const origin = new URL(t.stack.gatewayUrl).origin;
    const download = async (kind: string) => {
      const link = await t.gql(exportLink, { filter: day, kind }, sam.token);
      expect(link.errors).toBeUndefined();
      return [...csvRecords(await (await fetch(`${origin}${link.data!.usageExport.url}`)).text())].map((r) => r.fields).slice(1);
    };
    const daily = await download('DAILY');
    expect(daily.reduce((sum, row) => sum + Number(row[5]), 0)).toBe(103);
    expect(new Set(daily.map((row) => row[2]))).toEqual(new Set([research, sales]));
    expect((await download('EVENTS')).map((row) => row[0]).sort()).toEqual(['research-1', 'sam-in-sales']);
  });

  it('usageUpdated pushes the granted space\'s new usage and never another space\'s, beside an organization-wide watcher of the same filter', async () => {
    const watched = ws.watch(ws.connect({ token: sam.token }), updates, { filter: day });
    // Same filter, same notice, wider scope: subscribers share answers per notice only within the same scope.
    const whole = ws.watch(ws.connect({ token: acme.admin.token }), updates, { filter: day });
    await until(() => watched.events.length === 1 && whole.events.length === 1);
    expect(watched.events[0].data.usageUpdated).toMatchObject({ costMicroUsd: 103, events: 2 });
    expect(whole.events[0].data.usageUpdated).toMatchObject({ costMicroUsd: 4123, events: 4 });
    await report([{ id: 'sales-2', spaceId: sales, userId: acme.admin.accountId, costMicroUsd: 7000 }, { id: 'research-2', spaceId: research, costMicroUsd: 50 }]);
    await until(() => watched.events.at(-1)?.data?.usageUpdated.costMicroUsd !== 103 && whole.events.at(-1)?.data?.usageUpdated.costMicroUsd !== 4123, 5000);
    expect(watched.events.at(-1)!.data.usageUpdated).toMatchObject({ costMicroUsd: 153, events: 3 });
    expect(whole.events.at(-1)!.data.usageUpdated).toMatchObject({ costMicroUsd: 11_173, events: 6 });
    expect(watched.events.map((e) => e.data.usageUpdated.costMicroUsd).filter((c: number) => c > 153)).toEqual([]);
    expect(watched.errors).toEqual([]);
    expect(whole.errors).toEqual([]);
  });

  it('a grant in an archived space counts nowhere, and again once the space is restored', async () => {
    const space = (mutation: string) => admin(`mutation($input: SpaceIdInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { spaceId: research } });
    expect((await space('archiveSpace')).data!.archiveSpace.userErrors).toEqual([]);
    expect(await samSeesEventually(3)).toBe(3);
    expect(errorCodes(await t.gql(spaceUsage, { id: research, filter: day }, sam.token))).toEqual(['FORBIDDEN']);
    expect((await space('restoreSpace')).data!.restoreSpace.userErrors).toEqual([]);
    expect(await samSeesEventually(153)).toBe(153);
  });

  it('reads the grants in the same number of access-control statements for one granted space and for five', async () => {
    const statements = async () => {
      const before = t.stack.apps['access-control'].queries.count;
      expect((await t.gql(dashboard, { filter: day }, sam.token)).errors).toBeUndefined();
      return t.stack.apps['access-control'].queries.count - before;
    };
    await statements(); // the viewer is cached by the gateway after this one
    const one = await statements();
    // Access control is asked on every request (nothing cached across requests).
    expect(one).toBeGreaterThan(0);
    const analyst = (await admin('{ roles { id name } }')).data!.roles.find((r: { name: string }) => r.name === 'Analyst').id;
    for (let i = 0; i < 4; i++) {
      const spaceId = (await admin(`mutation { createSpace(input: { name: "Extra ${i}" }) { space { id } } }`)).data!.createSpace.space.id;
      await roleChange('assignRole', { userId: sam.accountId, roleId: analyst, spaceId });
    }
    await settle(300);
    await statements();
    expect(await statements()).toBe(one);
  });

  it('a grant taken away stops showing at the next request, and a PENDING member sees nothing', async () => {
    const analyst = (await admin('{ roles { id name } }')).data!.roles.find((r: { name: string }) => r.name === 'Analyst').id;
    await roleChange('revokeRole', { userId: sam.accountId, roleId: analyst, spaceId: research });
    expect((await t.gql(dashboard, { filter: day }, sam.token)).data!.usage.costMicroUsd).toBe(3);
    const pending = await admin('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: sam.accountId, status: 'PENDING' } });
    expect(pending.data!.setMembershipStatus.userErrors).toEqual([]);
    const deadline = Date.now() + 5000;
    let codes: string[] = [];
    while (Date.now() < deadline && (codes = errorCodes(await t.gql(dashboard, { filter: day }, sam.token))).length === 0) await settle(50);
    expect(codes).toEqual(['FORBIDDEN']);
  });
});
