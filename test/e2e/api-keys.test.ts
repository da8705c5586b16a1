import { SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const createKey = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix grants { area level } active createdBy { id } } userErrors { code field } }
}`;
const revokeKey = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { active revokedAt } userErrors { code } } }`;

describe('API keys', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  const withKey = (query: string, key: string, header: 'bearer' | 'x-api-key' = 'bearer') =>
    postGraphQL(t.stack.gatewayUrl, query, {}, header === 'bearer' ? { token: key } : { headers: { 'x-api-key': key } });

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    await acme.member('VIEWER', 'Vera');
  });
  afterAll(() => t.stop());

  it('a key is shown once, stored hashed, listed by prefix, and works as Bearer or X-Api-Key within its grants', async () => {
    const created = await t.gql(createKey, { input: { name: 'Member directory sync', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] } }, acme.admin.token);
    expect(created.data!.createApiKey.userErrors).toEqual([]);
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret).toMatch(/^ghk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ prefix: secret.slice(0, 12), grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }], active: true, createdBy: { id: acme.admin.accountId } });
    const stored = await t.stack.apps.identity.dataSource.query('SELECT * FROM api_key WHERE id = ?', [apiKey.id]);
    expect(JSON.stringify(stored)).not.toContain(secret);
    for (const header of ['bearer', 'x-api-key'] as const) {
      const users = await withKey('{ users(first: 10) { totalCount edges { node { email } } } }', secret, header);
      expect(users.errors).toBeUndefined();
      expect(users.data!.users.totalCount).toBe(2);
    }
    const listed = await t.gql('{ apiKeys { id prefix lastUsedAt } }', {}, acme.admin.token);
    expect(listed.data!.apiKeys).toEqual([{ id: apiKey.id, prefix: apiKey.prefix, lastUsedAt: expect.any(String) }]);
  });

  it('a key cannot do what its grants do not allow, nor what needs a person', async () => {
    const { secret } = (await t.gql(createKey, { input: { name: 'Reader', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] } }, acme.admin.token)).data!.createApiKey;
    expect(errorCodes(await withKey('{ auditLog { totalCount } }', secret))).toEqual(['FORBIDDEN']);
    const writer = (await t.gql(createKey, { input: { name: 'Writer', grants: [{ area: 'API_KEYS', level: 'WRITE' }] } }, acme.admin.token)).data!.createApiKey.secret;
    const minted = await postGraphQL(t.stack.gatewayUrl, createKey, { input: { name: 'Child', grants: [{ area: 'API_KEYS', level: 'READ' }] } }, { token: writer });
    expect(errorCodes(minted)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await withKey('{ viewer { id } }', secret))).toEqual(['FORBIDDEN']);
  });

  it('revoked, unknown and malformed keys are refused as unauthenticated, at once', async () => {
    const { secret, apiKey } = (await t.gql(createKey, { input: { name: 'Short-lived', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] } }, acme.admin.token)).data!.createApiKey;
    expect((await withKey('{ users(first: 1) { totalCount } }', secret)).errors).toBeUndefined();
    const revoked = await t.gql(revokeKey, { input: { keyId: apiKey.id } }, acme.admin.token);
    expect(revoked.data!.revokeApiKey).toMatchObject({ apiKey: { active: false, revokedAt: expect.any(String) }, userErrors: [] });
    expect(errorCodes(await withKey('{ users(first: 1) { totalCount } }', secret))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await withKey('{ users(first: 1) { totalCount } }', `${secret.slice(0, -2)}xx`))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await withKey('{ users(first: 1) { totalCount } }', 'ghk_short', 'x-api-key'))).toEqual(['UNAUTHENTICATED']);
    const again = await t.gql(revokeKey, { input: { keyId: apiKey.id } }, acme.admin.token);
    expect(again.data!.revokeApiKey.userErrors.map((e: { code: string }) => e.code)).toEqual(['KEY_ALREADY_REVOKED']);
  });

  it('an expired key stops working', async () => {
    const { secret, apiKey } = (await t.gql(createKey, { input: { name: 'Expiring', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }], expiresAt: new Date(Date.now() + 60_000).toISOString() } }, acme.admin.token)).data!.createApiKey;
    await t.stack.apps.identity.dataSource.getRepository('ApiKey').update({ id: apiKey.id }, { expiresAt: new Date(Date.now() - 1000) });
    t.stack.gateway.viewers.invalidateApiKey(apiKey.id);
    expect(errorCodes(await withKey('{ users(first: 1) { totalCount } }', secret))).toEqual(['UNAUTHENTICATED']);
  });

  it('bad input is answered with user errors and creates nothing', async () => {
    const count = async () => (await t.gql('{ apiKeys(includeRevoked: true) { id } }', {}, acme.admin.token)).data!.apiKeys.length;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: ' ', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] }, 'INVALID_NAME'],
      [{ name: 'Dup', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }, { area: 'TEAM_MEMBERS', level: 'WRITE' }] }, 'DUPLICATE_AREA'],
      [{ name: 'Nothing', grants: [] }, 'NO_GRANTS'],
      [{ name: 'Past', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }], expiresAt: '2020-01-01T00:00:00Z' }, 'EXPIRY_IN_THE_PAST'],
    ];
    for (const [input, code] of cases) {
      const response = await t.gql(createKey, { input }, acme.admin.token);
      expect(response.data!.createApiKey.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
    }
    expect(errorCodes(await t.gql(createKey, { input: { name: 'Bad area', grants: [{ area: 'NOPE', level: 'READ' }] } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(await count()).toBe(before);
  });

  it('nobody mints a key stronger than themselves, and a Viewer cannot mint at all', async () => {
    const admin = await acme.member('ADMIN', 'Ada');
    const stronger = await t.gql(createKey, { input: { name: 'Billing', grants: [{ area: 'BILLING', level: 'WRITE' }] } }, admin.token);
    expect(stronger.data!.createApiKey.userErrors.map((e: { code: string }) => e.code)).toEqual(['GRANTS_EXCEED_OWN_PERMISSIONS']);
    const viewer = await acme.member('VIEWER', 'Val');
    expect(errorCodes(await t.gql(createKey, { input: { name: 'x', grants: [{ area: 'DASHBOARD', level: 'READ' }] } }, viewer.token))).toEqual(['FORBIDDEN']);
  });

  it('creating and revoking keys is in the audit log', async () => {
    const log = await t.gql('{ auditLog(filter: { actions: [API_KEY_CREATED, API_KEY_REVOKED] }) { edges { node { action targetId details } } } }', {}, acme.admin.token);
    const actions = log.data!.auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions).toContain('API_KEY_REVOKED');
    expect(actions.filter((a: string) => a === 'API_KEY_CREATED').length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(log.data)).not.toMatch(/ghk_[A-Za-z0-9_-]{20}/);
  });
});
