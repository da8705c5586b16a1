import { errorCodes, SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const updateProfile = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) {
  user { id email name lastName fullName jobTitle phone language profileImageUrl emailConfirmed } userErrors { field code } } }`;
const updateUser = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id email jobTitle } userErrors { field code } } }`;

describe('profiles', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  let viewer: SeededMember;
  const names = async (filter: Record<string, unknown>) =>
    (await t.gql('query($filter: UserFilter) { users(filter: $filter) { totalCount edges { node { name } } } }', { filter }, acme.admin.token)).data!.users.edges.map((e: { node: { name: string } }) => e.node.name);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Alice');
    viewer = await acme.member('VIEWER', 'Vera');
  });
  afterAll(() => t.stop());

  it('a user edits their own profile fields and the list sorts and searches by the new name', async () => {
    const response = await t.gql(updateProfile, { input: { name: 'Veronica', lastName: 'Quartz', jobTitle: 'Data Engineer', phone: '+1 (555) 010-2030', language: 'pt-BR', profileImageUrl: 'https://img.example.com/v.png' } }, viewer.token);
    expect(response.data!.updateProfile).toEqual({
      user: { id: viewer.accountId, email: viewer.email, name: 'Veronica', lastName: 'Quartz', fullName: 'Veronica Quartz', jobTitle: 'Data Engineer', phone: '+1 (555) 010-2030', language: 'pt-BR', profileImageUrl: 'https://img.example.com/v.png', emailConfirmed: false },
      userErrors: [],
    });
    expect(await names({ search: 'quar' })).toEqual(['Veronica']);
    expect(await names({ search: 'VERO' })).toEqual(['Veronica']);
  });

  it('filters by job title, phone digits, e-mail confirmation and status', async () => {
    expect(await names({ jobTitle: 'engineer' })).toEqual(['Veronica']);
    expect(await names({ phone: '5550102' })).toEqual(['Veronica']);
    expect(await names({ phone: '555-010' })).toEqual(['Veronica']);
    expect(await names({ phone: '999' })).toEqual([]);
    expect((await names({ emailConfirmed: false })).length).toBe(3);
    expect(await names({ emailConfirmed: true })).toEqual([]);
    expect(await names({ status: 'ACTIVE', jobTitle: 'data' })).toEqual(['Veronica']);
  });

  it('bad values are all reported and nothing changes', async () => {
    const response = await t.gql(updateProfile, { input: { name: '', phone: 'call me', language: 'english!', profileImageUrl: 'javascript:alert(1)', jobTitle: 'x'.repeat(151) } }, viewer.token);
    expect(response.data!.updateProfile.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(['INVALID_JOB_TITLE', 'INVALID_LANGUAGE', 'INVALID_NAME', 'INVALID_PHONE', 'INVALID_URL']);
    const me = await t.gql('{ viewer { name phone language } }', {}, viewer.token);
    expect(me.data!.viewer).toEqual({ name: 'Veronica', phone: '+1 (555) 010-2030', language: 'pt-BR' });
  });

  it('changing your own e-mail needs your current password, must stay unique, and then signs in', async () => {
    const without = await t.gql(updateProfile, { input: { email: 'vera.new@example.com' } }, viewer.token);
    expect(without.data!.updateProfile.userErrors).toEqual([{ field: ['input', 'currentPassword'], code: 'INVALID_CURRENT_PASSWORD' }]);
    const taken = await t.gql(updateProfile, { input: { email: acme.admin.email.toUpperCase(), currentPassword: viewer.password } }, viewer.token);
    expect(taken.data!.updateProfile.userErrors).toEqual([{ field: ['input', 'email'], code: 'EMAIL_TAKEN' }]);
    const changed = await t.gql(updateProfile, { input: { email: 'Vera.New@example.com', currentPassword: viewer.password } }, viewer.token);
    expect(changed.data!.updateProfile.user.email).toBe('Vera.New@example.com');
    expect(await t.seed.logIn('vera.new@example.com', viewer.password)).toEqual(expect.any(String));
  });

  it('an admin edits a member; a Viewer cannot; nobody edits members of another organization', async () => {
    expect(errorCodes(await t.gql(updateUser, { input: { userId: admin.accountId, jobTitle: 'Boss' } }, viewer.token))).toEqual(['FORBIDDEN']);
    const edited = await t.gql(updateUser, { input: { userId: viewer.accountId, jobTitle: 'Lead Data Engineer' } }, admin.token);
    expect(edited.data!.updateUser).toEqual({ user: { id: viewer.accountId, email: 'Vera.New@example.com', jobTitle: 'Lead Data Engineer' }, userErrors: [] });
    const globex = await t.seed.organization('Globex');
    const foreign = await t.gql(updateUser, { input: { userId: viewer.accountId, jobTitle: 'Spy' } }, globex.admin.token);
    expect(foreign.data!.updateUser.userErrors).toEqual([{ field: ['input', 'userId'], code: 'USER_NOT_FOUND' }]);
  });

  it("a password an admin sets ends the member's sessions and works for the next sign-in", async () => {
    const member = await acme.member(null, 'Reset');
    const response = await t.gql(updateUser, { input: { userId: member.accountId, password: 'a brand new password' } }, admin.token);
    expect(response.data!.updateUser.userErrors).toEqual([]);
    expect(errorCodes(await t.gql('{ viewer { id } }', {}, member.token))).toEqual(['UNAUTHENTICATED']);
    expect(await t.seed.logIn(member.email, 'a brand new password')).toEqual(expect.any(String));
  });

  it('an admin cannot change the e-mail or password of an account that also belongs to another organization', async () => {
    const shared = await acme.member(null, 'Shared');
    await t.gql('mutation { createOrganization(input: { name: "Elsewhere" }) { userErrors { code } } }', {}, shared.token);
    const response = await t.gql(updateUser, { input: { userId: shared.accountId, password: 'taking this over' } }, admin.token);
    expect(response.data!.updateUser.userErrors).toEqual([{ field: ['input', 'userId'], code: 'ACCOUNT_SHARED' }]);
    const rename = await t.gql(updateUser, { input: { userId: shared.accountId, jobTitle: 'Consultant' } }, admin.token);
    expect(rename.data!.updateUser.userErrors).toEqual([]);
  });
});
