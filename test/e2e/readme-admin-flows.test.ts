import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the README admin flows', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const operations = readmeOperations('Administering users');
    expect(operations.map((o) => o.name)).toEqual(['CreateUser', 'ImportUsers', 'ListUsers', 'EditUser', 'GiveRole', 'MoveSuperAdminBadge', 'TakeBackBadge', 'Deactivate', 'SignOutEverywhere', 'DeletePermanently']);
    const run = readmeRunner(t, operations, acme.admin.token);

    const created = await run('CreateUser', { roleId: await acme.roleId('EDITOR') });
    const userId = created.user.id;
    expect(created.user).toMatchObject({ email: 'grace@example.com', membershipStatus: 'ACTIVE', roles: [{ name: 'Editor' }] });
    await t.seed.logIn('grace@example.com', 'initial password');
    const imported = await run('ImportUsers');
    expect(imported.import).toEqual({ status: 'DONE', total: 2, processed: 2 });
    expect(imported.rowErrors).toEqual([]);
    const listed = await run('ListUsers');
    expect(listed.totalCount).toBe(1);
    expect(listed.edges[0].node).toMatchObject({ id: userId, fullName: 'Grace Hopper' });
    expect((await run('EditUser', { userId })).user).toEqual({ id: userId, jobTitle: 'Rear Admiral', phone: '+1 555 0100' });
    expect((await run('GiveRole', { userId, roleId: await acme.roleId('SUPER_ADMIN') })).user.roles.map((r: { name: string }) => r.name)).toEqual(['Super Admin', 'Editor']);
    expect((await run('MoveSuperAdminBadge', { userId })).organization).toEqual({ designatedSuperAdmin: { id: userId }, pendingApprovalContactEmail: 'grace@example.com' });
    expect((await run('TakeBackBadge', { selfId: acme.admin.accountId })).organization.designatedSuperAdmin.id).toBe(acme.admin.accountId);
    expect((await run('Deactivate', { userId })).user.membershipStatus).toBe('PENDING');
    expect((await run('SignOutEverywhere', { userId })).endedSessions).toBe(1);
    expect((await run('DeletePermanently', { userId })).deletedUserId).toBe(userId);
  });
});
