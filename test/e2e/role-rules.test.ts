import { allAreas, builtInRoles } from '@gatehouse/shared';
import { errorCodes } from '@gatehouse/shared/testing';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const assignRole = `mutation($input: RoleChangeInput!) { assignRole(input: $input) { user { id roles { key } } userErrors { code field message } } }`;
const revokeRole = `mutation($input: RoleChangeInput!) { revokeRole(input: $input) { user { id roles { key } } userErrors { code field } } }`;

describe('roles and the permission matrix through the gateway', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  let viewer: SeededMember;
  let editor: SeededMember;
  const rolesOf = async (accountId: string) =>
    (await t.gql('query($id: ID!) { user(id: $id) { roles { key } } }', { id: accountId }, acme.admin.token)).data!.user.roles.map((r: { key: string }) => r.key);
  const outboxCount = async () => Number((await t.stack.apps['access-control'].dataSource.query("SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'role_assignment.changed'"))[0].n);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Alice');
    editor = await acme.member('EDITOR', 'Eddie');
    viewer = await acme.member('VIEWER', 'Vera');
  });
  afterAll(() => t.stop());

  it('lists every built-in role (SmythOS, Cloosphere, Serenity*) and renders the SmythOS matrix', async () => {
    const response = await t.gql('{ permissionMatrix { roles { key name } rows { area cells { level } } } }', {}, viewer.token);
    expect(response.errors).toBeUndefined();
    const matrix = response.data!.permissionMatrix;
    expect(matrix.roles.map((r: { key: string }) => r.key)).toEqual(builtInRoles.map((r) => r.key));
    expect(matrix.roles.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['User', 'Agent Administrator', 'Api Key Administrator', 'Subtenant Administrator', 'Serenity* AI Chat User']));
    expect(matrix.rows).toHaveLength(allAreas.length);
    const row = (area: string) => matrix.rows.find((r: { area: string }) => r.area === area).cells.slice(0, 4).map((c: { level: string }) => c.level);
    expect(row('DASHBOARD')).toEqual(['WRITE', 'WRITE', 'WRITE', 'READ']);
    expect(row('BILLING')).toEqual(['WRITE', 'READ', 'READ', 'READ']);
    expect(row('TEAM_ROLES')).toEqual(['WRITE', 'WRITE', 'READ', 'READ']);
    expect(row('TEAM_MEMBERS')).toEqual(['WRITE', 'WRITE', 'READ', 'READ']);
  });

  it('a Viewer sees what the matrix allows: the member list and roles', async () => {
    const response = await t.gql('{ users(first: 10) { totalCount edges { node { email roles { name } } } } roles { name } }', {}, viewer.token);
    expect(response.errors).toBeUndefined();
    expect(response.data!.users.totalCount).toBe(4);
  });

  it('a Viewer cannot run what the matrix denies: FORBIDDEN, and nothing changes', async () => {
    const before = await outboxCount();
    for (const [mutation, token] of [
      [assignRole, viewer.token],
      [revokeRole, viewer.token],
      [assignRole, editor.token],
    ] as const) {
      const response = await t.gql(mutation, { input: { userId: admin.accountId, roleId: await acme.roleId('VIEWER') } }, token);
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    }
    const status = await t.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: editor.accountId, status: 'PENDING' } }, viewer.token);
    expect(errorCodes(status)).toEqual(['FORBIDDEN']);
    expect(await rolesOf(admin.accountId)).toEqual(['ADMIN']);
    expect(await outboxCount()).toBe(before);
  });

  it('an anonymous caller is told to sign in', async () => {
    const response = await t.gql('{ users { totalCount } }');
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('nobody can change their own role', async () => {
    const before = await outboxCount();
    const response = await t.gql(assignRole, { input: { userId: admin.accountId, roleId: await acme.roleId('EDITOR') } }, admin.token);
    expect(response.data!.assignRole).toEqual({ user: null, userErrors: [{ code: 'SELF_ROLE_CHANGE', field: ['input', 'userId'], message: 'You cannot change your own role.' }] });
    const revoke = await t.gql(revokeRole, { input: { userId: acme.admin.accountId, roleId: await acme.roleId('SUPER_ADMIN') } }, acme.admin.token);
    expect(revoke.data!.revokeRole.userErrors[0].code).toBe('SELF_ROLE_CHANGE');
    expect(await rolesOf(admin.accountId)).toEqual(['ADMIN']);
    expect(await outboxCount()).toBe(before);
  });

  it("nobody can change the first user's role", async () => {
    const before = await outboxCount();
    const response = await t.gql(revokeRole, { input: { userId: acme.admin.accountId, roleId: await acme.roleId('SUPER_ADMIN') } }, admin.token);
    expect(response.data!.revokeRole.userErrors).toEqual([{ code: 'FIRST_USER_ROLE_LOCKED', field: ['input', 'userId'] }]);
    const assign = await t.gql(assignRole, { input: { userId: acme.admin.accountId, roleId: await acme.roleId('VIEWER') } }, admin.token);
    expect(assign.data!.assignRole.userErrors[0].code).toBe('FIRST_USER_ROLE_LOCKED');
    expect(await rolesOf(acme.admin.accountId)).toEqual(['SUPER_ADMIN']);
    expect(await outboxCount()).toBe(before);
  });

  it('an Admin cannot hand out Super Admin, which grants more than they hold', async () => {
    const response = await t.gql(assignRole, { input: { userId: viewer.accountId, roleId: await acme.roleId('SUPER_ADMIN') } }, admin.token);
    expect(response.data!.assignRole.userErrors[0].code).toBe('ROLE_EXCEEDS_OWN_PERMISSIONS');
    expect(await rolesOf(viewer.accountId)).toEqual(['VIEWER']);
  });

  it('unknown users and roles are reported, not guessed', async () => {
    const unknownUser = await t.gql(assignRole, { input: { userId: 'no-such-user', roleId: await acme.roleId('EDITOR') } }, admin.token);
    expect(unknownUser.data!.assignRole.userErrors[0].code).toBe('USER_NOT_FOUND');
    const unknownRole = await t.gql(assignRole, { input: { userId: viewer.accountId, roleId: 'no-such-role' } }, admin.token);
    expect(unknownRole.data!.assignRole.userErrors[0].code).toBe('ROLE_NOT_FOUND');
    const notHeld = await t.gql(revokeRole, { input: { userId: viewer.accountId, roleId: await acme.roleId('EDITOR') } }, admin.token);
    expect(notHeld.data!.revokeRole.userErrors[0].code).toBe('ROLE_NOT_ASSIGNED');
  });

  it('an assigned role takes effect on the next request and is recorded as a ROLE_CHANGE event', async () => {
    const before = await outboxCount();
    const denied = await t.gql(assignRole, { input: { userId: editor.accountId, roleId: await acme.roleId('VIEWER') } }, viewer.token);
    expect(errorCodes(denied)).toEqual(['FORBIDDEN']);

    const promote = await t.gql(assignRole, { input: { userId: viewer.accountId, roleId: await acme.roleId('ADMIN') } }, admin.token);
    expect(promote.data!.assignRole).toEqual({ user: { id: viewer.accountId, roles: [{ key: 'ADMIN' }, { key: 'VIEWER' }] }, userErrors: [] });
    const allowed = await t.gql(assignRole, { input: { userId: editor.accountId, roleId: await acme.roleId('VIEWER') } }, viewer.token);
    expect(allowed.data!.assignRole.userErrors).toEqual([]);
    expect(await outboxCount()).toBe(before + 2);

    const [event] = await t.stack.apps['access-control'].dataSource.query("SELECT payload FROM outbox_event WHERE type = 'role_assignment.changed' ORDER BY sequence DESC LIMIT 1");
    expect(JSON.parse(event.payload)).toMatchObject({ actorId: viewer.accountId, targetId: editor.accountId, change: 'ASSIGNED', rolesBefore: ['Editor'], rolesAfter: ['Editor', 'Viewer'] });
  });

  it('assigning a role twice at once leaves one assignment', async () => {
    const roleId = await acme.roleId('EDITOR');
    const results = await Promise.all(Array.from({ length: 8 }, () => t.gql(assignRole, { input: { userId: viewer.accountId, roleId } }, acme.admin.token)));
    results.forEach((r) => expect(r.data!.assignRole.userErrors).toEqual([]));
    expect((await rolesOf(viewer.accountId)).filter((k: string) => k === 'EDITOR')).toHaveLength(1);
  });

  it('a deactivated (PENDING) member loses every permission at once', async () => {
    const deactivate = await t.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { user { membershipStatus } userErrors { code } } }', { input: { userId: editor.accountId, status: 'PENDING' } }, admin.token);
    expect(deactivate.data!.setMembershipStatus).toEqual({ user: { membershipStatus: 'PENDING' }, userErrors: [] });
    expect(errorCodes(await t.gql('{ users { totalCount } }', {}, editor.token))).toEqual(['FORBIDDEN']);
    const self = await t.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: admin.accountId, status: 'PENDING' } }, admin.token);
    expect(self.data!.setMembershipStatus.userErrors).toEqual([{ code: 'SELF_STATUS_CHANGE' }]);
  });
});
