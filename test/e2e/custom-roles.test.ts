import { SeededMember, SeededOrganization, errorCodes } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const createRole = `mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id name builtIn isDefault manageTeam grants { area level } capabilities } userErrors { code field message } } }`;
const updateRole = `mutation($input: UpdateRoleInput!) { updateRole(input: $input) { role { id name grants { area level } } userErrors { code message } } }`;
const deleteRole = `mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { deletedRoleId reassignedMembers userErrors { code message } } }`;
const roleChange = (mutation: string) => `mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`;
const codes = (response: { data?: Record<string, { userErrors: { code: string }[] }> | null }, field: string) => response.data![field].userErrors.map((e) => e.code);

describe('custom roles and the default role', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  const roleNames = async () => ((await t.gql('{ roles { name } }', {}, acme.admin.token)).data!.roles as { name: string }[]).map((r) => r.name);
  /** A member holding only `roleId` (their default Viewer role taken away). */
  const holderOf = async (roleId: string, name: string) => {
    const member = await acme.member(null, name);
    expect(codes(await t.gql(roleChange('assignRole'), { input: { userId: member.accountId, roleId } }, acme.admin.token), 'assignRole')).toEqual([]);
    expect(codes(await t.gql(roleChange('revokeRole'), { input: { userId: member.accountId, roleId: await acme.roleId('VIEWER') } }, acme.admin.token), 'revokeRole')).toEqual([]);
    return member;
  };

  beforeAll(async () => {
    // A long viewer cache: only the change events can make a grant change count at once.
    t = await startTestStack({ VIEWER_CACHE_TTL_MS: '60000' });
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Ada');
  });
  afterAll(() => t.stop());

  it('creates a custom role with grants and capabilities; it joins the matrix and can be assigned', async () => {
    const response = await t.gql(createRole, { input: { name: 'Prompt Engineer', description: 'Writes prompts', grants: [{ area: 'PROMPTS', level: 'WRITE' }, { area: 'TOOLS', level: 'READ' }, { area: 'DASHBOARD', level: 'NONE' }], capabilities: ['CHAT_WEB_SEARCH'] } }, admin.token);
    expect(response.data!.createRole).toEqual({
      role: { id: expect.any(String), name: 'Prompt Engineer', builtIn: false, isDefault: false, manageTeam: false, grants: [{ area: 'PROMPTS', level: 'WRITE' }, { area: 'TOOLS', level: 'READ' }], capabilities: ['CHAT_WEB_SEARCH'] },
      userErrors: [],
    });
    const matrix = await t.gql('{ permissionMatrix { roles { name } rows { area cells { level } } } }', {}, admin.token);
    const column = matrix.data!.permissionMatrix.roles.findIndex((r: { name: string }) => r.name === 'Prompt Engineer');
    expect(matrix.data!.permissionMatrix.rows.find((r: { area: string }) => r.area === 'PROMPTS').cells[column].level).toBe('WRITE');
    const member = await holderOf(response.data!.createRole.role.id, 'Pam');
    const effective = await t.gql('{ viewer { effectivePermissions { grants { area level } capabilities } } }', {}, member.token);
    expect(effective.data!.viewer.effectivePermissions).toEqual({ grants: [{ area: 'PROMPTS', level: 'WRITE' }, { area: 'TOOLS', level: 'READ' }], capabilities: ['CHAT_WEB_SEARCH'] });
  });

  it('Manage Team gives the team areas at WRITE', async () => {
    const response = await t.gql(createRole, { input: { name: 'Team Lead', grants: [{ area: 'DASHBOARD', level: 'READ' }], manageTeam: true } }, acme.admin.token);
    const role = response.data!.createRole.role;
    expect(role.manageTeam).toBe(true);
    expect(role.grants).toEqual(expect.arrayContaining([{ area: 'TEAM_ROLES', level: 'WRITE' }, { area: 'TEAM_MEMBERS', level: 'WRITE' }]));
  });

  it('refuses bad roles with clear errors and creates nothing', async () => {
    const before = await roleNames();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: ' ', grants: [] }, 'INVALID_NAME', acme.admin.token],
      [{ name: 'viewer', grants: [] }, 'ROLE_NAME_TAKEN', acme.admin.token],
      [{ name: 'prompt engineer', grants: [] }, 'ROLE_NAME_TAKEN', acme.admin.token],
      [{ name: 'Twice', grants: [{ area: 'TOOLS', level: 'READ' }, { area: 'TOOLS', level: 'WRITE' }] }, 'DUPLICATE_AREA', acme.admin.token],
      [{ name: 'Too strong', grants: [{ area: 'BILLING', level: 'WRITE' }] }, 'ROLE_EXCEEDS_OWN_PERMISSIONS', admin.token],
    ];
    for (const [input, code, token] of cases) expect(codes(await t.gql(createRole, { input }, token), 'createRole')).toEqual([code]);
    expect(errorCodes(await t.gql(createRole, { input: { name: 'Bad', grants: [{ area: 'NOT_AN_AREA', level: 'READ' }] } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(createRole, { input: { name: 'Bad', grants: [{ area: 'TOOLS', level: 'SUPREME' }] } }, acme.admin.token))).toEqual(['BAD_USER_INPUT']);
    const viewer = await acme.member('VIEWER', 'Vic');
    expect(errorCodes(await t.gql(createRole, { input: { name: 'Mine', grants: [] } }, viewer.token))).toEqual(['FORBIDDEN']);
    expect(await roleNames()).toEqual(before);
  });

  it('a grant change counts on the very next request through the gateway', async () => {
    const created = await t.gql(createRole, { input: { name: 'Directory Reader', grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] } }, acme.admin.token);
    const roleId = created.data!.createRole.role.id;
    const reader = await holderOf(roleId, 'Rita');
    expect((await t.gql('{ users(first: 1) { totalCount } }', {}, reader.token)).errors).toBeUndefined();
    expect(codes(await t.gql(updateRole, { input: { roleId, grants: [{ area: 'DASHBOARD', level: 'READ' }] } }, acme.admin.token), 'updateRole')).toEqual([]);
    expect(errorCodes(await t.gql('{ users(first: 1) { totalCount } }', {}, reader.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(updateRole, { input: { roleId, grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] } }, acme.admin.token), 'updateRole')).toEqual([]);
    expect((await t.gql('{ users(first: 1) { totalCount } }', {}, reader.token)).errors).toBeUndefined();
  });

  it('Super Admin stays whole; nobody edits a role stronger than themselves', async () => {
    expect(codes(await t.gql(updateRole, { input: { roleId: await acme.roleId('SUPER_ADMIN'), grants: [] } }, acme.admin.token), 'updateRole')).toEqual(['BUILT_IN_ROLE_LOCKED']);
    const strong = (await t.gql(createRole, { input: { name: 'Billing Boss', grants: [{ area: 'BILLING', level: 'WRITE' }] } }, acme.admin.token)).data!.createRole.role.id;
    expect(codes(await t.gql(updateRole, { input: { roleId: strong, name: 'Renamed' } }, admin.token), 'updateRole')).toEqual(['ROLE_EXCEEDS_OWN_PERMISSIONS']);
    expect(codes(await t.gql(updateRole, { input: { roleId: 'nope', name: 'x' } }, acme.admin.token), 'updateRole')).toEqual(['ROLE_NOT_FOUND']);
  });

  it('deleting a role in use is refused, saying how many hold it, unless its members are reassigned', async () => {
    const roleId = (await t.gql(createRole, { input: { name: 'Temporary', grants: [{ area: 'DASHBOARD', level: 'READ' }] } }, acme.admin.token)).data!.createRole.role.id;
    const holder = await holderOf(roleId, 'Tom');
    const refused = await t.gql(deleteRole, { input: { roleId } }, acme.admin.token);
    expect(refused.data!.deleteRole.userErrors).toEqual([{ code: 'ROLE_IN_USE', message: expect.stringContaining('1 member') }]);
    expect(codes(await t.gql(deleteRole, { input: { roleId, reassignToRoleId: roleId } }, acme.admin.token), 'deleteRole')).toEqual(['ROLE_NOT_FOUND']);
    expect(codes(await t.gql(deleteRole, { input: { roleId: await acme.roleId('EDITOR') } }, acme.admin.token), 'deleteRole')).toEqual(['BUILT_IN_ROLE']);
    const deleted = await t.gql(deleteRole, { input: { roleId, reassignToRoleId: await acme.roleId('EDITOR') } }, acme.admin.token);
    expect(deleted.data!.deleteRole).toEqual({ deletedRoleId: roleId, reassignedMembers: 1, userErrors: [] });
    const roles = await t.gql('query($id: ID!) { user(id: $id) { roles { key } } }', { id: holder.accountId }, acme.admin.token);
    expect(roles.data!.user.roles).toEqual([{ key: 'EDITOR' }]);
    expect(await roleNames()).not.toContain('Temporary');
  });

  it('the default role is what new members get; it cannot be deleted while default', async () => {
    const roleId = (await t.gql(createRole, { input: { name: 'Newcomer', grants: [{ area: 'DASHBOARD', level: 'READ' }] } }, acme.admin.token)).data!.createRole.role.id;
    const set = await t.gql('mutation($input: SetDefaultRoleInput!) { setDefaultRole(input: $input) { role { name isDefault } userErrors { code } } }', { input: { roleId } }, acme.admin.token);
    expect(set.data!.setDefaultRole).toEqual({ role: { name: 'Newcomer', isDefault: true }, userErrors: [] });
    const newcomer = await acme.member(null, 'Nina');
    const roles = await t.gql('query($id: ID!) { user(id: $id) { roles { name } } }', { id: newcomer.accountId }, acme.admin.token);
    expect(roles.data!.user.roles).toEqual([{ name: 'Newcomer' }]);
    expect(codes(await t.gql(deleteRole, { input: { roleId } }, acme.admin.token), 'deleteRole')).toEqual(['ROLE_IS_DEFAULT']);
    const superAdmin = await t.gql('mutation($input: SetDefaultRoleInput!) { setDefaultRole(input: $input) { userErrors { code } } }', { input: { roleId: await acme.roleId('SUPER_ADMIN') } }, admin.token);
    expect(codes(superAdmin, 'setDefaultRole')).toEqual(['ROLE_EXCEEDS_OWN_PERMISSIONS']);
  });

  it('role changes are audited', async () => {
    const log = await t.gql('{ auditLog(filter: { actions: [ROLE_CREATED, ROLE_UPDATED, ROLE_DELETED, DEFAULT_ROLE_CHANGED] }) { edges { node { action details } } } }', {}, acme.admin.token);
    const actions = log.data!.auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(new Set(actions)).toEqual(new Set(['ROLE_CREATED', 'ROLE_UPDATED', 'ROLE_DELETED', 'DEFAULT_ROLE_CHANGED']));
    const updated = log.data!.auditLog.edges.find((e: { node: { action: string } }) => e.node.action === 'ROLE_UPDATED').node;
    expect(updated.details).toMatchObject({ name: 'Directory Reader', before: { levels: { DASHBOARD: 'READ' } }, after: { levels: { TEAM_MEMBERS: 'READ' } } });
  });
});
