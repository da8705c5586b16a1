import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const deleteRole = 'mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { deletedRoleId reassignedMembers userErrors { code field } } }';
const roleChange = (mutation: string) => `mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`;

/** Reassigning a deleted role's members hands out the target role: nobody hands out more than they hold. */
describe('deleteRole with reassignToRoleId, for a role stronger than the actor', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  let holder: SeededMember;
  let tinyRoleId: string;
  const as = (query: string, variables: Json = {}, token = admin.token) => t.gql(query, variables, token);
  const holderRoles = async () => ((await as('query($id: ID!) { user(id: $id) { roles { name } } }', { id: holder.accountId }, acme.admin.token)).data!.user.roles as Json[]).map((r) => r.name).sort();
  const holderBilling = async () => (await as('query($checks: [AccessCheckInput!]!) { authorize(checks: $checks) { allowed } }', { checks: [{ userId: holder.accountId, area: 'BILLING', level: 'WRITE' }] }, acme.admin.token)).data!.authorize[0].allowed;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Ada');
    // The Admin makes a small custom role and gives it to a member who holds nothing else.
    const created = await as('mutation { createRole(input: { name: "Tiny", grants: [{ area: PROMPTS, level: READ }] }) { role { id } userErrors { code } } }');
    expect(created.data!.createRole.userErrors).toEqual([]);
    tinyRoleId = created.data!.createRole.role.id;
    holder = await acme.member(null, 'Hal');
    expect((await as(roleChange('assignRole'), { input: { userId: holder.accountId, roleId: tinyRoleId } })).data!.assignRole.userErrors).toEqual([]);
    expect((await as(roleChange('revokeRole'), { input: { userId: holder.accountId, roleId: await acme.roleId('VIEWER') } })).data!.revokeRole.userErrors).toEqual([]);
  });
  afterAll(() => t.stop());

  it('an Admin reassigning to Super Admin is refused with ROLE_EXCEEDS_OWN_PERMISSIONS, and nothing changes', async () => {
    const refused = await as(deleteRole, { input: { roleId: tinyRoleId, reassignToRoleId: await acme.roleId('SUPER_ADMIN') } });
    expect(refused.data!.deleteRole).toEqual({ deletedRoleId: null, reassignedMembers: 0, userErrors: [{ code: 'ROLE_EXCEEDS_OWN_PERMISSIONS', field: ['input', 'reassignToRoleId'] }] });
    expect(await holderRoles()).toEqual(['Tiny']);
    expect(await holderBilling()).toBe(false);
  });

  it('a custom role above the Admin (made by a Super Admin) is refused as a target too', async () => {
    const strong = (await as('mutation { createRole(input: { name: "Billing Owner", grants: [{ area: BILLING, level: WRITE }] }) { role { id } userErrors { code } } }', {}, acme.admin.token)).data!.createRole;
    expect(strong.userErrors).toEqual([]);
    const refused = await as(deleteRole, { input: { roleId: tinyRoleId, reassignToRoleId: strong.role.id } });
    expect(refused.data!.deleteRole.userErrors).toEqual([{ code: 'ROLE_EXCEEDS_OWN_PERMISSIONS', field: ['input', 'reassignToRoleId'] }]);
    expect(await holderRoles()).toEqual(['Tiny']);
    expect(await holderBilling()).toBe(false);
  });

  it('reassigning to a role within the Admin\'s own permissions goes through', async () => {
    const done = await as(deleteRole, { input: { roleId: tinyRoleId, reassignToRoleId: await acme.roleId('VIEWER') } });
    expect(done.data!.deleteRole).toEqual({ deletedRoleId: tinyRoleId, reassignedMembers: 1, userErrors: [] });
    expect(await holderRoles()).toEqual(['Viewer']);
  });
});
