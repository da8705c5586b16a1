import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const designate = 'mutation($input: SetDesignatedSuperAdminInput!) { setDesignatedSuperAdmin(input: $input) { userErrors { code } } }';
const deleteUser = 'mutation($input: DeleteUserInput!) { deleteUser(input: $input) { deletedUserId userErrors { code } } }';

/** The badge, not being the first user, is what protects the designated Super Admin from deletion. */
describe('deleting the designated Super Admin', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let sam: SeededMember;
  let sue: SeededMember;
  const superAdmin = async (name: string) => {
    const member = await acme.member(null, name);
    const assigned = await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, roleId: await acme.roleId('SUPER_ADMIN') } }, acme.admin.token);
    expect(assigned.data!.assignRole.userErrors).toEqual([]);
    return member;
  };
  const isMember = async (member: SeededMember) => (await t.gql('query($id: ID!) { user(id: $id) { id } }', { id: member.accountId }, acme.admin.token)).data!.user !== null;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    sam = await superAdmin('Sam');
    sue = await superAdmin('Sue');
    // Sam, who is not the first user, holds the badge.
    expect((await t.gql(designate, { input: { userId: sam.accountId } }, acme.admin.token)).data!.setDesignatedSuperAdmin.userErrors).toEqual([]);
  });
  afterAll(() => t.stop());

  it('another Super Admin cannot delete them while they hold the badge, and nothing changes', async () => {
    for (const actor of [sue, acme.admin]) {
      const refused = await t.gql(deleteUser, { input: { userId: sam.accountId } }, actor.token);
      expect(refused.data!.deleteUser).toEqual({ deletedUserId: null, userErrors: [{ code: 'DESIGNATED_SUPER_ADMIN_LOCKED' }] });
    }
    expect(await isMember(sam)).toBe(true);
    expect((await t.gql('{ viewer { isDesignatedSuperAdmin } }', {}, await t.seed.logIn(sam.email, sam.password))).data!.viewer.isDesignatedSuperAdmin).toBe(true);
  });

  it('once the badge has moved on, the same Super Admin can delete them', async () => {
    expect((await t.gql(designate, { input: { userId: sue.accountId } }, sam.token)).data!.setDesignatedSuperAdmin.userErrors).toEqual([]);
    const deleted = await t.gql(deleteUser, { input: { userId: sam.accountId } }, sue.token);
    expect(deleted.data!.deleteUser).toEqual({ deletedUserId: sam.accountId, userErrors: [] });
    expect(await isMember(sam)).toBe(false);
  });
});
