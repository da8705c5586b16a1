import { errorCodes, SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { rowsMentioning } from '../support/rows-mentioning';
import { TestStack, startTestStack } from '../support/test-stack';

const deleteUser = `mutation($input: DeleteUserInput!) { deleteUser(input: $input) { deletedUserId userErrors { code } } }`;

describe('deleting a user', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  const everywhere = async (needles: string[]) => [
    ...(await rowsMentioning(t.stack.apps.identity.dataSource, needles)),
    ...(await rowsMentioning(t.stack.apps['access-control'].dataSource, needles)),
  ];

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Alice');
  });
  afterAll(() => t.stop());

  it('is refused for Viewers, for yourself, for the first user and for someone holding more than you', async () => {
    const viewer = await acme.member('VIEWER', 'Vera');
    expect(errorCodes(await t.gql(deleteUser, { input: { userId: admin.accountId } }, viewer.token))).toEqual(['FORBIDDEN']);
    expect((await t.gql(deleteUser, { input: { userId: admin.accountId } }, admin.token)).data!.deleteUser.userErrors).toEqual([{ code: 'SELF_DELETE' }]);
    expect((await t.gql(deleteUser, { input: { userId: acme.admin.accountId } }, admin.token)).data!.deleteUser.userErrors).toEqual([{ code: 'FIRST_USER_LOCKED' }]);
    const superAdmin = await acme.member('SUPER_ADMIN', 'Sam');
    expect((await t.gql(deleteUser, { input: { userId: superAdmin.accountId } }, admin.token)).data!.deleteUser.userErrors).toEqual([{ code: 'TARGET_MORE_PRIVILEGED' }]);
    expect((await t.gql(deleteUser, { input: { userId: 'nobody' } }, admin.token)).data!.deleteUser.userErrors).toEqual([{ code: 'USER_NOT_FOUND' }]);
  });

  it('removes everything of the user from every subgraph, and the user can no longer do anything', async () => {
    const victim = await acme.member('ADMIN', 'Victor');
    const helper = await acme.member(null, 'Helper');
    // Leave traces everywhere: a role the victim assigned, more sessions, a failed sign-in, a profile.
    await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: helper.accountId, roleId: await acme.roleId('EDITOR') } }, victim.token);
    await t.seed.logIn(victim.email, victim.password);
    await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { userErrors { code } } }', { input: { email: victim.email, password: 'wrong password!!' } });
    await t.gql('mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { userErrors { code } } }', { input: { jobTitle: 'Temporary' } }, victim.token);
    await t.gql('mutation { requestEmailConfirmation { accepted } }', {}, victim.token);
    // …a space and an API key the victim created, a unit they are in, a role they hold in a space.
    const spaceId = (await t.gql('mutation { createSpace(input: { name: "Victor\'s space" }) { space { id } } }', {}, victim.token)).data!.createSpace.space.id;
    await t.gql('mutation { createApiKey(input: { name: "Victor\'s key", grants: [{ area: DASHBOARD, level: READ }] }) { secret } }', {}, victim.token);
    const unitId = (await t.gql('mutation { createOrganizationalUnit(input: { name: "Team V" }) { unit { id } } }', {}, acme.admin.token)).data!.createOrganizationalUnit.unit.id;
    await t.gql('mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { userErrors { code } } }', { input: { unitId, userId: victim.accountId } }, acme.admin.token);
    const scoped = await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: victim.accountId, roleId: await acme.roleId('VIEWER'), spaceId } }, acme.admin.token);
    expect(scoped.data!.assignRole.userErrors).toEqual([]);
    // …a group they are in, a profile they hold, an agent's access list naming them and one they set.
    const groupId = (await t.gql('mutation { createGroup(input: { name: "V team", grants: [] }) { group { id } } }', {}, acme.admin.token)).data!.createGroup.group.id;
    await t.gql('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId, userIds: [victim.accountId] } }, acme.admin.token);
    const profileId = (await t.gql('mutation { createSecurityProfile(input: { name: "V profile", roleIds: [] }) { profile { id } } }', {}, acme.admin.token)).data!.createSecurityProfile.profile.id;
    await t.gql('mutation($input: SecurityProfileChangeInput!) { assignSecurityProfile(input: $input) { userErrors { code } } }', { input: { userId: victim.accountId, profileId } }, acme.admin.token);
    const listed = await t.gql('mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { userErrors { code } } }', { input: { resource: { type: 'AGENT', id: 'a1' }, visibility: 'PRIVATE', entries: [{ principalType: 'USER', principalId: victim.accountId, level: 'READ' }] } }, acme.admin.token);
    expect(listed.data!.setResourceAccess.userErrors).toEqual([]);
    const set = await t.gql('mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { userErrors { code } } }', { input: { resource: { type: 'AGENT', id: 'a2' }, visibility: 'PUBLIC', entries: [] } }, victim.token);
    expect(set.data!.setResourceAccess.userErrors).toEqual([]);
    expect((await everywhere([victim.accountId, victim.email])).length).toBeGreaterThan(0);

    const response = await t.gql(deleteUser, { input: { userId: victim.accountId } }, acme.admin.token);
    expect(response.data!.deleteUser).toEqual({ deletedUserId: victim.accountId, userErrors: [] });

    expect(await everywhere([victim.accountId, victim.email])).toEqual([]);
    expect(errorCodes(await t.gql('{ viewer { id } }', {}, victim.token))).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql('query($id: ID!) { user(id: $id) { id } }', { id: victim.accountId }, acme.admin.token)).data!.user).toBeNull();
    const relogin = await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { userErrors { code } } }', { input: { email: victim.email, password: victim.password } });
    expect(relogin.data!.logIn.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    // What the victim did to others stays; only the link to the victim is gone.
    const roles = await t.gql('query($id: ID!) { user(id: $id) { roles { key } } }', { id: helper.accountId }, acme.admin.token);
    expect(roles.data!.user.roles.map((r: { key: string }) => r.key).sort()).toEqual(['EDITOR', 'VIEWER']);
  });

  it('an account that also belongs to another organization keeps that membership and nothing of this one', async () => {
    const shared = await acme.member(null, 'Shared');
    const side = (await t.gql('mutation { createOrganization(input: { name: "Side" }) { organization { id } } }', {}, shared.token)).data!.createOrganization.organization.id;
    const response = await t.gql(deleteUser, { input: { userId: shared.accountId } }, admin.token);
    expect(response.data!.deleteUser.userErrors).toEqual([]);
    const rows = await everywhere([shared.accountId]);
    expect(rows.every(({ row }) => !JSON.stringify(row).includes(acme.id))).toBe(true);
    expect(rows.some(({ table }) => table === 'account')).toBe(true);
    const token = await t.seed.logIn(shared.email, shared.password);
    expect((await t.gql('{ viewer { organization { id } } }', {}, token)).data!.viewer.organization.id).toBe(side);
  });
});
