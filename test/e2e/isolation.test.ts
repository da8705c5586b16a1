import { executeAs, errorCodes, gatewayTo, signedHeaders, SeededOrganization, SeededMember } from '@gatehouse/shared/testing';
import { RequestSigner, Viewer, generateServiceKeyPair, noPermissions, parsePrivateKey } from '@gatehouse/shared';
import { TestStack, startTestStack } from '../support/test-stack';

const entitiesQuery = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id } } }`;

describe('organizations are isolated', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let acmeViewer: SeededMember;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    acmeViewer = await acme.member('VIEWER', 'Vera');
    globex = await t.seed.organization('Globex');
  });
  afterAll(() => t.stop());

  async function viewerOf(member: SeededMember): Promise<Viewer> {
    return t.stack.gateway.viewers.resolve(`Bearer ${member.token}`);
  }

  it("an organization's admin lists only its own users", async () => {
    const globexUsers = await t.gql('{ users { totalCount edges { node { id } } } }', {}, globex.admin.token);
    expect(globexUsers.data!.users).toEqual({ totalCount: 1, edges: [{ node: { id: globex.admin.accountId } }] });
    const acmeUsers = await t.gql('{ users { totalCount } }', {}, acme.admin.token);
    expect(acmeUsers.data!.users.totalCount).toBe(2);
  });

  it("user(id) of another organization's member is null", async () => {
    const response = await t.gql('query($id: ID!) { user(id: $id) { id email roles { name } } }', { id: acmeViewer.accountId }, globex.admin.token);
    expect(response.errors).toBeUndefined();
    expect(response.data!.user).toBeNull();
  });

  it('role changes cannot reach across organizations', async () => {
    const roleId = await globex.roleId('EDITOR');
    const response = await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: acmeViewer.accountId, roleId } }, globex.admin.token);
    expect(response.data!.assignRole.userErrors).toEqual([{ code: 'USER_NOT_FOUND' }]);
    const acmeRole = await acme.roleId('EDITOR');
    const foreignRole = await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: globex.admin.accountId, roleId: acmeRole } }, acme.admin.token);
    expect(foreignRole.data!.assignRole.userErrors).toEqual([{ code: 'USER_NOT_FOUND' }]);
  });

  it.each(['identity', 'access-control'] as const)('_entities on %s, even correctly signed, never returns another organization\'s user', async (name) => {
    const url = t.config.subgraphUrls[name];
    const globexViewer = await viewerOf(globex.admin);
    const representations = [{ __typename: 'User', id: acmeViewer.accountId }, { __typename: 'User', id: globex.admin.accountId }];
    const response = await executeAs(url, gatewayTo(t.config, name), globexViewer, entitiesQuery, { representations });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([null, { id: globex.admin.accountId }]);
  });

  it('a member of one organization gets nothing from another organization\'s roles through _entities', async () => {
    const roleId = await acme.roleId('SUPER_ADMIN');
    const response = await executeAs(
      t.config.subgraphUrls['access-control'],
      gatewayTo(t.config, 'access-control'),
      await viewerOf(globex.admin),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Role { id name } } }',
      { r: [{ __typename: 'Role', id: roleId }] },
    );
    expect(response.data!._entities).toEqual([null]);
  });

  describe('nobody reaches a subgraph around the gateway', () => {
    const someViewer: Viewer = { kind: 'member', accountId: 'a', organizationId: 'o', sessionId: null, membershipStatus: 'ACTIVE', permissions: noPermissions };

    it.each(['identity', 'access-control'] as const)('%s rejects unsigned, forged and stale requests, _entities and _service included', async (name) => {
      const url = t.config.subgraphUrls[name];
      const post = (body: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const gateway = gatewayTo(t.config, name);
      const impostor = { signer: new RequestSigner('gateway', parsePrivateKey(generateServiceKeyPair().signingKey)!), audience: name };
      const operations = [
        { query: entitiesQuery, variables: { representations: [{ __typename: 'User', id: acmeViewer.accountId }] } },
        { query: '{ _service { sdl } }' },
        { query: '{ __typename }' },
      ];
      for (const operation of operations.map((o) => JSON.stringify(o))) {
        const forged = signedHeaders(impostor, url, someViewer, operation);
        const { pathname } = new URL(url);
        const stale = gateway.signer.sign(someViewer, { audience: name, method: 'POST', path: pathname, body: operation }, '', Date.now() - 10 * 60_000);
        const tampered = { ...signedHeaders(gateway, url, someViewer, operation), 'x-gatehouse-viewer': Buffer.from(JSON.stringify({ kind: 'system', service: 'x' })).toString('base64url') };
        for (const headers of [{}, forged, stale, tampered]) {
          const response = await post(operation, headers);
          expect(response.status).toBe(401);
          expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
        }
      }
      const internal = await fetch(new URL(name === 'identity' ? '/internal/session-status' : '/internal/viewer-permissions', url), { method: 'POST' });
      expect(internal.status).toBe(401);
    });

    it('internal endpoints refuse a signed member: only services call them', async () => {
      const url = new URL('/internal/viewer-permissions', t.config.subgraphUrls['access-control']).href;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(gatewayTo(t.config, 'access-control'), url, await viewerOf(acme.admin), '{}') }, body: '{}' });
      expect(response.status).toBe(403);
    });

    it('a correctly signed request is served, so the rejections above are about the signature', async () => {
      const response = await executeAs(t.config.subgraphUrls.identity, gatewayTo(t.config, 'identity'), await viewerOf(acme.admin), '{ users { totalCount } }');
      expect(response.data!.users.totalCount).toBe(2);
      expect(errorCodes(await executeAs(t.config.subgraphUrls.identity, gatewayTo(t.config, 'identity'), { kind: 'anonymous' }, '{ users { totalCount } }'))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
