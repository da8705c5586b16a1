import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User';
const patchSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('SCIM 2.0 provisioning (Entra ID / Google Workspace)', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let token: string;
  let base: string;
  const scim = async (method: string, path: string, body?: unknown, bearer: string | null = token, raw?: string): Promise<{ status: number; body: Json | null; type: string | null }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), 'content-type': 'application/scim+json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, type: response.headers.get('content-type') };
  };
  const entraUser = (userName: string, extra: Json = {}) => ({
    schemas: [userSchema],
    userName,
    externalId: `entra-${userName}`,
    active: true,
    name: { givenName: 'Grace', familyName: 'Hopper' },
    emails: [{ primary: true, type: 'work', value: userName }],
    title: 'Rear Admiral',
    ...extra,
  });
  const patch = (...Operations: Json[]) => ({ schemas: [patchSchema], Operations });
  const gqlUser = async (id: string) => (await t.gql('query($id: ID!) { user(id: $id) { email name lastName jobTitle externalId membershipStatus emailConfirmed units { unit { name source } managedBy editable } } }', { id }, acme.admin.token)).data!.user;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    base = new URL('/scim/v2', t.stack.gatewayUrl).toString();
    const created = await t.gql('mutation { createScimToken(input: { name: "Entra ID" }) { secret apiKey { prefix } userErrors { code } } }', {}, acme.admin.token);
    token = created.data!.createScimToken.secret;
    expect(token).toMatch(/^ghs_/);
  });
  afterAll(() => t.stop());

  it('refuses requests without a valid SCIM token, in SCIM\'s error format', async () => {
    const apiKey = (await t.gql('mutation { createApiKey(input: { name: "k", grants: [{ area: TEAM_MEMBERS, level: WRITE }] }) { secret } }', {}, acme.admin.token)).data!.createApiKey.secret;
    for (const bearer of [null, 'ghs_wrong', apiKey]) {
      const response = await scim('GET', '/Users', undefined, bearer);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ schemas: [errorSchema], status: '401' });
      expect(response.type).toContain('application/scim+json');
    }
  });

  it('describes itself', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    expect((await scim('GET', '/ResourceTypes')).body!.Resources.map((r: Json) => r.id)).toEqual(['User', 'Group']);
  });

  it('creates a user, who is an ACTIVE member with a confirmed e-mail and the directory\'s external id', async () => {
    const created = await scim('POST', '/Users', entraUser('grace@acme.example'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ schemas: [userSchema], userName: 'grace@acme.example', externalId: 'entra-grace@acme.example', active: true, name: { givenName: 'Grace', familyName: 'Hopper' }, title: 'Rear Admiral' });
    expect(created.body!.meta.location).toBe(`${base}/Users/${created.body!.id}`);
    expect(await gqlUser(created.body!.id)).toMatchObject({ email: 'grace@acme.example', name: 'Grace', jobTitle: 'Rear Admiral', externalId: 'entra-grace@acme.example', membershipStatus: 'ACTIVE', emailConfirmed: true });
    const duplicate = await scim('POST', '/Users', entraUser('GRACE@acme.example', { externalId: 'other' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ scimType: 'uniqueness' });
  });

  it('finds users with userName eq and externalId eq, pages with startIndex and count, and refuses other filters', async () => {
    await scim('POST', '/Users', entraUser('ada@acme.example', { name: { givenName: 'Ada', familyName: 'Lovelace' } }));
    const byName = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ADA@acme.example"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ userName: 'ada@acme.example' }] });
    const byExternal = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "entra-grace@acme.example"')}`);
    expect(byExternal.body!.Resources.map((r: Json) => r.userName)).toEqual(['grace@acme.example']);
    const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@acme.example"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    const paged = await scim('GET', '/Users?startIndex=2&count=1');
    expect(paged.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(paged.body!.Resources[0].userName).toBe('grace@acme.example');
    for (const filter of ['title eq "x"', 'userName co "a"', 'userName eq']) {
      const refused = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ schemas: [errorSchema], scimType: 'invalidFilter' });
    }
  });

  it('PATCH active=false (as Entra sends it) deactivates; replace and add update the profile', async () => {
    const id = (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`)).body!.Resources[0].id;
    const deactivated = await scim('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'False' }));
    expect(deactivated.status).toBe(200);
    expect(deactivated.body!.active).toBe(false);
    expect((await gqlUser(id)).membershipStatus).toBe('PENDING');
    const edited = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'name.familyName', value: 'King' }, { op: 'Add', path: 'title', value: 'Countess' }, { op: 'replace', value: { active: true } }));
    expect(edited.body).toMatchObject({ name: { familyName: 'King' }, title: 'Countess', active: true });
    expect(await gqlUser(id)).toMatchObject({ lastName: 'King', jobTitle: 'Countess', membershipStatus: 'ACTIVE' });
    const email = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'ada.king@acme.example' }));
    expect(email.body!.userName).toBe('ada.king@acme.example');
  });

  it('PUT replaces the resource', async () => {
    const id = (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "grace@acme.example"')}`)).body!.Resources[0].id;
    const replaced = await scim('PUT', `/Users/${id}`, { schemas: [userSchema], userName: 'grace@acme.example', externalId: 'entra-grace-2', name: { givenName: 'Grace B.', familyName: 'Hopper' }, active: true });
    expect(replaced.body).toMatchObject({ externalId: 'entra-grace-2', name: { givenName: 'Grace B.' } });
    expect(replaced.body!.title).toBeUndefined();
  });

  it('answers bad requests with SCIM errors and changes nothing', async () => {
    const before = (await scim('GET', '/Users')).body!.totalResults;
    const cases: [string, string, unknown, number, string | undefined, string?][] = [
      ['POST', '/Users', { schemas: [userSchema], name: { givenName: 'No' } }, 400, 'invalidValue'],
      ['POST', '/Users', undefined, 400, 'invalidSyntax', '{"userName": '],
      ['POST', '/Users', entraUser('weird@acme.example', { active: 'maybe' }), 400, 'invalidValue'],
      ['PATCH', `/Users/${acme.admin.accountId}`, patch({ op: 'explode', path: 'active' }), 400, 'invalidSyntax'],
      ['PATCH', `/Users/${acme.admin.accountId}`, { Operations: [] }, 400, 'invalidSyntax'],
      ['GET', '/Users/00000000-0000-0000-0000-000000000000', undefined, 404, undefined],
      ['PATCH', `/Users/${acme.admin.accountId}`, patch({ op: 'replace', path: 'active', value: false }), 400, 'mutability'],
      ['DELETE', `/Users/${acme.admin.accountId}`, undefined, 400, 'mutability'],
      // Only the first user changes the first user's credentials; the directory included.
      ['PATCH', `/Users/${acme.admin.accountId}`, patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'taken.over@acme.example' }), 400, 'mutability'],
    ];
    for (const [method, path, body, status, scimType, raw] of cases) {
      const response = await scim(method, path, body, token, raw);
      expect({ method, path, status: response.status, scimType: response.body?.scimType }).toEqual({ method, path, status, scimType });
      expect(response.body!.schemas).toEqual([errorSchema]);
    }
    expect((await scim('GET', '/Users')).body!.totalResults).toBe(before);
    expect((await gqlUser(acme.admin.accountId)).membershipStatus).toBe('ACTIVE');
    expect(await t.seed.logIn(acme.admin.email, acme.admin.password)).toEqual(expect.any(String));
  });

  it('groups become directory units: members added, removed and replaced; read-only in user editing', async () => {
    const users = (await scim('GET', '/Users')).body!.Resources as Json[];
    const [grace, ada] = [users.find((u) => u.userName === 'grace@acme.example')!, users.find((u) => u.userName === 'ada.king@acme.example')!];
    const created = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Marketing', externalId: 'grp-mkt', members: [{ value: grace.id }] });
    expect(created.status).toBe(201);
    const groupId = created.body!.id;
    expect(created.body!.members.map((m: Json) => m.value)).toEqual([grace.id]);
    expect((await gqlUser(grace.id)).units).toEqual([{ unit: { name: 'Marketing', source: 'SCIM' }, managedBy: 'DIRECTORY', editable: false }]);
    const added = await scim('PATCH', `/Groups/${groupId}`, patch({ op: 'Add', path: 'members', value: [{ value: ada.id }] }, { op: 'Replace', path: 'displayName', value: 'Marketing Division' }));
    expect(added.body).toMatchObject({ displayName: 'Marketing Division' });
    expect(added.body!.members.map((m: Json) => m.value).sort()).toEqual([grace.id, ada.id].sort());
    const removed = await scim('PATCH', `/Groups/${groupId}`, patch({ op: 'Remove', path: `members[value eq "${grace.id}"]` }));
    expect(removed.body!.members.map((m: Json) => m.value)).toEqual([ada.id]);
    const filtered = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Marketing Division"')}&excludedAttributes=members`);
    expect(filtered.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, displayName: 'Marketing Division' }] });
    expect(filtered.body!.Resources[0].members).toBeUndefined();
    const unknownMember = await scim('PATCH', `/Groups/${groupId}`, patch({ op: 'add', path: 'members', value: [{ value: 'not-a-user' }] }));
    expect(unknownMember).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    const removeByHand = await t.gql('mutation($input: UnitMemberInput!) { removeUnitMember(input: $input) { userErrors { code } } }', { input: { unitId: groupId, userId: ada.id } }, acme.admin.token);
    expect(removeByHand.data!.removeUnitMember.userErrors.map((e: Json) => e.code)).toEqual(['DIRECTORY_MANAGED']);
    expect((await scim('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${groupId}`)).status).toBe(404);
    expect((await gqlUser(ada.id)).units).toEqual([]);
  });

  it('DELETE removes the user from the organization, and SCIM changes are audited as the directory', async () => {
    const id = (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "grace@acme.example"')}`)).body!.Resources[0].id;
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    expect(await gqlUser(id)).toBeNull();
    expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
    const tokenId = (await t.gql('{ scimTokens { id } }', {}, acme.admin.token)).data!.scimTokens[0].id;
    const log = await t.gql('query($actor: ID) { auditLog(filter: { actorId: $actor }) { edges { node { action actorType } } } }', { actor: tokenId }, acme.admin.token);
    const actions = new Set(log.data!.auditLog.edges.map((e: Json) => `${e.node.actorType}:${e.node.action}`));
    expect([...actions].sort()).toEqual(['DIRECTORY:DIRECTORY_SYNCED', 'DIRECTORY:USER_CREATED', 'DIRECTORY:USER_DEACTIVATED', 'DIRECTORY:USER_ACTIVATED', 'DIRECTORY:USER_DELETED', 'DIRECTORY:USER_UPDATED'].sort());
  });

  it('a token sees only its own organization, and stops working once revoked', async () => {
    const globex = await t.seed.organization('Globex');
    const theirs = (await t.gql('mutation { createScimToken(input: { name: "GW" }) { secret apiKey { id } } }', {}, globex.admin.token)).data!.createScimToken;
    expect((await scim('GET', `/Users/${acme.admin.accountId}`, undefined, theirs.secret)).status).toBe(404);
    expect((await scim('GET', '/Users', undefined, theirs.secret)).body!.totalResults).toBe(1);
    await t.gql('mutation($input: RevokeApiKeyInput!) { revokeScimToken(input: $input) { userErrors { code } } }', { input: { keyId: theirs.apiKey.id } }, globex.admin.token);
    expect((await scim('GET', '/Users', undefined, theirs.secret)).status).toBe(401);
  });
});
