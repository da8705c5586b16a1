import { SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const userById = 'query($id: ID!) { user(id: $id) { id email fullName membershipStatus roles { name } } }';

/** `user(id:)` about oneself is `viewer` by another name; about anyone else it takes Team Members READ. */
describe('user(id:) with the viewer\'s own id', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  // Cloosphere's User role grants nothing by itself (no Team Members READ; Viewer holds it in the SmythOS matrix).
  it('a member without Team Members READ gets their own user by id, exactly as `viewer` gives it', async () => {
    const vic = await acme.member('USER', 'Uma');
    const own = await t.gql(userById, { id: vic.accountId }, vic.token);
    expect(own.errors).toBeUndefined();
    const viewer = await t.gql('{ viewer { id email fullName membershipStatus roles { name } } }', {}, vic.token);
    expect(own.data!.user).toEqual(viewer.data!.viewer);
    expect(own.data!.user).toMatchObject({ id: vic.accountId, email: vic.email, roles: [{ name: 'User' }] });
  });

  it('a member without Team Members READ asking for another member\'s id is still refused (FORBIDDEN)', async () => {
    const vic = await acme.member('USER', 'Ulf');
    const other = await acme.member('VIEWER', 'Olga');
    const response = await t.gql(userById, { id: other.accountId }, vic.token);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data?.user ?? null).toBeNull();
    // The first user too: holding a higher role does not open anyone's record.
    expect(errorCodes(await t.gql(userById, { id: acme.admin.accountId }, vic.token))).toEqual(['FORBIDDEN']);
    // With Team Members READ (the Viewer role) others' records open, as before.
    const viewerRole = await acme.member('VIEWER', 'Vic');
    expect((await t.gql(userById, { id: other.accountId }, viewerRole.token)).data!.user).toMatchObject({ id: other.accountId, email: other.email });
  });

  it('an API key is nobody\'s self: without Team Members READ it is refused, whatever id it asks', async () => {
    const created = await t.gql('mutation { createApiKey(input: { name: "Reader", grants: [{ area: AGENTS, level: READ }] }) { secret apiKey { id } } }', {}, acme.admin.token);
    const { secret, apiKey } = created.data!.createApiKey;
    const asKey = (id: string) => postGraphQL(t.stack.gatewayUrl, userById, { id }, { headers: { 'x-api-key': secret } });
    expect(errorCodes(await asKey(apiKey.id))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await asKey(acme.admin.accountId))).toEqual(['FORBIDDEN']);
  });
});
