import { errorCodes, SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const createUser = `mutation($input: CreateUserInput!) { createUser(input: $input) {
  user { id email fullName membershipStatus roles { key } } userErrors { field code } } }`;

describe('an admin creates a user', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Alice');
  });
  afterAll(() => t.stop());

  it('with a role: ACTIVE at once, holding that role, able to sign in', async () => {
    const response = await t.gql(createUser, { input: { email: 'Eve@Example.com', name: 'Eve', lastName: 'Builder', password: 'initial password', roleId: await acme.roleId('EDITOR') } }, admin.token);
    expect(response.data!.createUser).toEqual({
      user: { id: expect.any(String), email: 'Eve@Example.com', fullName: 'Eve Builder', membershipStatus: 'ACTIVE', roles: [{ key: 'EDITOR' }] },
      userErrors: [],
    });
    const token = await t.seed.logIn('eve@example.com', 'initial password');
    expect((await t.gql('{ users { totalCount } }', {}, token)).data!.users.totalCount).toBe(3);
  });

  it('without a role: the default role (Viewer)', async () => {
    const response = await t.gql(createUser, { input: { email: 'dan@example.com', name: 'Dan', password: 'initial password' } }, admin.token);
    expect(response.data!.createUser.user.roles).toEqual([{ key: 'VIEWER' }]);
  });

  it('never with a role above your own, an unknown role, a taken e-mail or a weak password; and never by a Viewer', async () => {
    const before = (await t.gql('{ users { totalCount } }', {}, admin.token)).data!.users.totalCount;
    const attempt = async (input: Record<string, unknown>, token = admin.token) => t.gql(createUser, { input: { email: 'new@example.com', name: 'New', password: 'initial password', ...input } }, token);
    expect((await attempt({ roleId: await acme.roleId('SUPER_ADMIN') })).data!.createUser.userErrors).toEqual([{ field: ['input', 'roleId'], code: 'ROLE_EXCEEDS_OWN_PERMISSIONS' }]);
    expect((await attempt({ roleId: 'no-such-role' })).data!.createUser.userErrors).toEqual([{ field: ['input', 'roleId'], code: 'ROLE_NOT_FOUND' }]);
    expect((await attempt({ email: 'EVE@example.com' })).data!.createUser.userErrors).toEqual([{ field: ['input', 'email'], code: 'EMAIL_TAKEN' }]);
    expect((await attempt({ password: 'short' })).data!.createUser.userErrors).toEqual([{ field: ['input', 'password'], code: 'PASSWORD_TOO_WEAK' }]);
    const viewer = await acme.member('VIEWER', 'Vera');
    expect(errorCodes(await attempt({}, viewer.token))).toEqual(['FORBIDDEN']);
    expect((await t.gql('{ users { totalCount } }', {}, admin.token)).data!.users.totalCount).toBe(before + 1);
  });
});
