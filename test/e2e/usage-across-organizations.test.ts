import { SeededMember, SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { settle } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

const record = `mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }`;
const across = `query($filter: UsageAcrossOrganizationsFilter!) {
  usageAcrossOrganizations(filter: $filter) {
    costMicroUsd events timeZone
    daily { date costMicroUsd byComputeType { computeType costMicroUsd } }
    byOrganization { organizationId organizationName costMicroUsd }
    topAgents { organizationId agentId costMicroUsd }
    byModel { provider model costMicroUsd }
    leftOut { organizationId organizationName reason }
  }
}`;
const createOrganization = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } session { accessToken } userErrors { code } } }`;
const createKey = 'mutation { createApiKey(input: { name: "Runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }';

/**
 * One account in several organizations gets one view of their usage: only organizations where it
 * is an ACTIVE member holding Analytics READ across the organization count; the others are named
 * as left out, and an organization it is not in never shows.
 */
describe('usage across organizations', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let labs: { id: string; token: string };
  let nora: SeededMember;
  let noras: { id: string; token: string };
  const filter = { from: '2026-09-01', to: '2026-09-02' };

  const found = async (name: string, token: string) => {
    const created = (await t.gql(createOrganization, { input: { name } }, token)).data!.createOrganization;
    expect(created.userErrors).toEqual([]);
    return { id: created.organization.id as string, token: created.session.accessToken as string };
  };
  const report = async (token: string, events: Record<string, unknown>[]) => {
    const key = (await t.gql(createKey, {}, token)).data!.createApiKey.secret;
    const response = await postGraphQL(t.stack.gatewayUrl, record, { input: { events: events.map((e) => ({ computeType: 'LLM', provider: 'openai', model: 'gpt-4o', ...e })) } }, { token: key });
    expect(response.data!.recordUsage.recorded).toBe(events.length);
    return key;
  };
  /** The view once access control has heard of the organizations just founded (its projections follow identity's events). */
  const viewOf = async (token: string, organizations: number, variables: Record<string, unknown> = { filter }) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const response = await t.gql(across, variables, token);
      if (response.errors || response.data!.usageAcrossOrganizations.byOrganization.length === organizations || Date.now() > deadline) return response;
      await settle(50);
    }
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    // Acme's admin founds a second organization: a member of two, Super Admin in both.
    labs = await found('Acme Labs', acme.admin.token);
    // Nora: a member of Acme without Analytics (a prompt reader), who founds her own organization.
    nora = await acme.member('VIEWER', 'Nora');
    const role = (await t.gql('mutation { createRole(input: { name: "Prompt reader", grants: [{ area: PROMPTS, level: READ }] }) { role { id } } }', {}, acme.admin.token)).data!.createRole.role.id;
    for (const [mutation, roleId] of [['assignRole', role], ['revokeRole', await acme.roleId('VIEWER')]]) {
      const changed = await t.gql(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId: nora.accountId, roleId } }, acme.admin.token);
      expect(changed.data![mutation].userErrors).toEqual([]);
    }
    noras = await found('Nora Consulting', nora.token);

    await report(acme.admin.token, [
      { id: 'acme-1', occurredAt: '2026-09-01T10:00:00Z', costMicroUsd: 1000, agent: { id: 'writer', name: 'Writer' } },
      { id: 'acme-2', occurredAt: '2026-09-02T10:00:00Z', computeType: 'TOOLS', provider: null, model: null, costMicroUsd: 200 },
    ]);
    await report(labs.token, [
      { id: 'labs-1', occurredAt: '2026-09-01T10:00:00Z', costMicroUsd: 30, agent: { id: 'writer', name: 'Lab writer' } },
      // 20:00 UTC on 1 September is 01:30 on 2 September in Kolkata.
      { id: 'labs-2', occurredAt: '2026-09-01T20:00:00Z', computeType: 'CODE', provider: null, model: null, costMicroUsd: 5 },
    ]);
    await report(globex.admin.token, [{ id: 'globex-1', occurredAt: '2026-09-01T10:00:00Z', costMicroUsd: 777_777 }]);
    await report(noras.token, [{ id: 'nora-1', occurredAt: '2026-09-01T10:00:00Z', costMicroUsd: 9 }]);
  });
  afterAll(() => t.stop());

  it('sums the organizations of an account: totals, the daily chart per compute type, per organization, agent and model', async () => {
    const response = await viewOf(acme.admin.token, 2);
    expect(response.errors).toBeUndefined();
    const view = response.data!.usageAcrossOrganizations;
    expect(view).toMatchObject({ costMicroUsd: 1235, events: 4, timeZone: 'UTC', leftOut: [] });
    expect(view.daily).toEqual([
      { date: '2026-09-01', costMicroUsd: 1035, byComputeType: [{ computeType: 'CODE', costMicroUsd: 5 }, { computeType: 'LLM', costMicroUsd: 1030 }] },
      { date: '2026-09-02', costMicroUsd: 200, byComputeType: [{ computeType: 'TOOLS', costMicroUsd: 200 }] },
    ]);
    expect(view.byOrganization).toEqual([
      { organizationId: acme.id, organizationName: 'Acme', costMicroUsd: 1200 },
      { organizationId: labs.id, organizationName: 'Acme Labs', costMicroUsd: 35 },
    ]);
    // The same agent id in two organizations is two agents.
    expect(view.topAgents).toEqual([{ organizationId: acme.id, agentId: 'writer', costMicroUsd: 1000 }, { organizationId: labs.id, agentId: 'writer', costMicroUsd: 30 }]);
    expect(view.byModel).toEqual([{ provider: 'openai', model: 'gpt-4o', costMicroUsd: 1030 }, { provider: null, model: null, costMicroUsd: 205 }]);
    // Another organization the account is not in never shows, not even as left out.
    expect(JSON.stringify(view)).not.toContain(globex.id);
  });

  it('is the same view from either organization, counted in the time zone asked for, narrowed by compute types', async () => {
    const fromLabs = (await viewOf(labs.token, 2)).data!.usageAcrossOrganizations;
    expect(fromLabs).toEqual((await t.gql(across, { filter }, acme.admin.token)).data!.usageAcrossOrganizations);
    const kolkata = (await t.gql(across, { filter: { ...filter, timeZone: 'Asia/Kolkata' } }, acme.admin.token)).data!.usageAcrossOrganizations;
    expect(kolkata.timeZone).toBe('Asia/Kolkata');
    expect(kolkata.daily.map((d: { date: string; costMicroUsd: number }) => [d.date, d.costMicroUsd])).toEqual([['2026-09-01', 1030], ['2026-09-02', 205]]);
    const llm = (await t.gql(across, { filter: { ...filter, computeTypes: ['LLM'] } }, acme.admin.token)).data!.usageAcrossOrganizations;
    expect(llm).toMatchObject({ costMicroUsd: 1030, byOrganization: [{ organizationId: acme.id, costMicroUsd: 1000 }, { organizationId: labs.id, costMicroUsd: 30 }] });
  });

  it('leaves out an organization where the account lacks Analytics READ, and says so', async () => {
    const view = (await viewOf(nora.token, 1)).data!.usageAcrossOrganizations;
    expect(view).toMatchObject({ costMicroUsd: 9, byOrganization: [{ organizationId: noras.id, organizationName: 'Nora Consulting', costMicroUsd: 9 }] });
    expect(view.leftOut).toEqual([{ organizationId: acme.id, organizationName: 'Acme', reason: 'NO_ANALYTICS_READ' }]);
    // A grant in one of Acme's spaces does not make Acme's usage part of her combined view.
    const spaceId = (await t.gql('mutation { createSpace(input: { name: "Research" }) { space { id } } }', {}, acme.admin.token)).data!.createSpace.space.id;
    const analyst = (await t.gql('mutation { createRole(input: { name: "Analyst", grants: [{ area: ANALYTICS, level: READ }] }) { role { id } } }', {}, acme.admin.token)).data!.createRole.role.id;
    const assigned = await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: nora.accountId, roleId: analyst, spaceId } }, acme.admin.token);
    expect(assigned.data!.assignRole.userErrors).toEqual([]);
    expect((await t.gql(across, { filter }, noras.token)).data!.usageAcrossOrganizations).toMatchObject({ costMicroUsd: 9, leftOut: [{ organizationId: acme.id, reason: 'NO_ANALYTICS_READ' }] });
  });

  it('a PENDING membership is left out; signed in to it, the view is FORBIDDEN', async () => {
    const pat = await t.seed.signUp({ name: 'Pat' });
    expect(pat.membershipStatus).toBe('PENDING');
    const own = await found('Pat Studio', pat.token);
    const view = (await viewOf(own.token, 1)).data!.usageAcrossOrganizations;
    expect(view).toMatchObject({ costMicroUsd: 0, byOrganization: [{ organizationId: own.id, costMicroUsd: 0 }], leftOut: [{ organizationId: pat.organizationId, reason: 'PENDING' }] });
    expect(view.daily).toEqual([{ date: '2026-09-01', costMicroUsd: 0, byComputeType: [] }, { date: '2026-09-02', costMicroUsd: 0, byComputeType: [] }]);
    expect(errorCodes(await t.gql(across, { filter }, pat.token))).toEqual(['FORBIDDEN']);
  });

  it('API keys are FORBIDDEN, no credentials UNAUTHENTICATED, and a bad range or time zone is BAD_USER_INPUT', async () => {
    const key = (await t.gql('mutation { createApiKey(input: { name: "Dashboards", grants: [{ area: ANALYTICS, level: READ }] }) { secret } }', {}, acme.admin.token)).data!.createApiKey.secret;
    expect(errorCodes(await postGraphQL(t.stack.gatewayUrl, across, { filter }, { token: key }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(across, { filter }))).toEqual(['UNAUTHENTICATED']);
    const tooManyTypes = { ...filter, computeTypes: Array.from({ length: 21 }, (_, i) => `TYPE_${i}`) };
    for (const bad of [{ ...filter, timeZone: 'Mars/Olympus' }, { from: '2026-09-02', to: '2026-09-01' }, { from: '2020-01-01', to: '2026-09-01' }, { from: 'yesterday', to: '2026-09-01' }, tooManyTypes]) {
      const response = await t.gql(across, { filter: bad }, acme.admin.token);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(['INVALID_RANGE', 'INVALID_TIME_ZONE', 'TOO_MANY_COMPUTE_TYPES']).toContain(response.errors![0].extensions!.reason);
    }
  });
});
