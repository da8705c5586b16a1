import { errorCodes, SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const designate = `mutation($input: SetDesignatedSuperAdminInput!) { setDesignatedSuperAdmin(input: $input) {
  organization { pendingApprovalContactEmail designatedSuperAdmin { id } } userErrors { code } } }`;

describe('the designated Super Admin (SA badge)', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  let superAdmins: SeededMember[];
  const badgeHolders = async () =>
    (await t.gql('{ users(first: 100) { edges { node { id isDesignatedSuperAdmin } } } }', {}, acme.admin.token)).data!.users.edges
      .filter((e: { node: { isDesignatedSuperAdmin: boolean } }) => e.node.isDesignatedSuperAdmin)
      .map((e: { node: { id: string } }) => e.node.id);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Alice');
    superAdmins = [];
    for (const name of ['Sam', 'Sue', 'Sid']) {
      const member = await acme.member(null, name);
      await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, roleId: await acme.roleId('SUPER_ADMIN') } }, acme.admin.token);
      superAdmins.push(member);
    }
  });
  afterAll(() => t.stop());

  it('only a Super Admin designates: an Admin and a Viewer are refused', async () => {
    expect(errorCodes(await t.gql(designate, { input: { userId: superAdmins[0].accountId } }, admin.token))).toEqual(['FORBIDDEN']);
    const viewer = await acme.member('VIEWER', 'Vera');
    expect(errorCodes(await t.gql(designate, { input: { userId: superAdmins[0].accountId } }, viewer.token))).toEqual(['FORBIDDEN']);
    expect(await badgeHolders()).toEqual([acme.admin.accountId]);
  });

  it('the target must hold the Super Admin role and be a member here', async () => {
    expect((await t.gql(designate, { input: { userId: admin.accountId } }, acme.admin.token)).data!.setDesignatedSuperAdmin.userErrors).toEqual([{ code: 'TARGET_NOT_SUPER_ADMIN' }]);
    expect((await t.gql(designate, { input: { userId: 'nobody' } }, acme.admin.token)).data!.setDesignatedSuperAdmin.userErrors).toEqual([{ code: 'USER_NOT_FOUND' }]);
    expect(await badgeHolders()).toEqual([acme.admin.accountId]);
  });

  it('designating moves the badge and the contact shown to PENDING members', async () => {
    const response = await t.gql(designate, { input: { userId: superAdmins[0].accountId } }, acme.admin.token);
    expect(response.data!.setDesignatedSuperAdmin).toEqual({
      organization: { pendingApprovalContactEmail: superAdmins[0].email, designatedSuperAdmin: { id: superAdmins[0].accountId } },
      userErrors: [],
    });
    expect(await badgeHolders()).toEqual([superAdmins[0].accountId]);
    const pending = await t.seed.signUp({ name: 'Newcomer' });
    expect((await t.gql('{ organization { pendingApprovalContactEmail } }', {}, pending.token)).data!.organization.pendingApprovalContactEmail).toBe(superAdmins[0].email);
  });

  it('the designated Super Admin keeps the role and cannot be deactivated', async () => {
    const revoke = await t.gql('mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: superAdmins[0].accountId, roleId: await acme.roleId('SUPER_ADMIN') } }, acme.admin.token);
    expect(revoke.data!.revokeRole.userErrors).toEqual([{ code: 'DESIGNATED_SUPER_ADMIN_ROLE_LOCKED' }]);
    const deactivate = await t.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: superAdmins[0].accountId, status: 'PENDING' } }, acme.admin.token);
    expect(deactivate.data!.setMembershipStatus.userErrors).toEqual([{ code: 'DESIGNATED_SUPER_ADMIN_LOCKED' }]);
  });

  it('fifty concurrent designations leave exactly one SA, the same in identity and access control', async () => {
    const candidates = [acme.admin, ...superAdmins];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.gql(designate, { input: { userId: candidates[i % candidates.length].accountId } }, candidates[(i + 1) % candidates.length].token)),
    );
    results.forEach((r) => expect(r.data!.setDesignatedSuperAdmin.userErrors).toEqual([]));
    const holders = await badgeHolders();
    expect(holders).toHaveLength(1);
    const [settings] = await t.stack.apps['access-control'].dataSource.query('SELECT designatedSuperAdminId FROM organization_settings WHERE organizationId = ?', [acme.id]);
    expect(settings.designatedSuperAdminId).toBe(holders[0]);
  });
});
