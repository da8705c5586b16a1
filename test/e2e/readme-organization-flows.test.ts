import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the README organization flows', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const member = await acme.member('VIEWER', 'Grace');
    const operations = readmeOperations('Spaces, units, directory sync, keys and the audit log');
    expect(operations.map((o) => o.name)).toEqual(['CreateSpace', 'GiveRoleInSpace', 'SyncDirectory', 'CreateApiKey', 'CreateScimToken', 'AuditTrail', 'VerifyAuditChain']);
    const run = readmeRunner(t, operations, acme.admin.token);

    const spaceId = (await run('CreateSpace')).space.id;
    const given = await run('GiveRoleInSpace', { userId: member.accountId, roleId: await acme.roleId('EDITOR'), spaceId });
    expect(given.user.spaces).toEqual([{ name: 'Marketing' }]);
    const synced = await run('SyncDirectory', { email: member.email });
    expect(synced).toMatchObject({ applied: true, summary: { unitsCreated: 2, membershipsAdded: 1, unmatchedUserCount: 0 } });
    const key = await run('CreateApiKey');
    expect(key.secret).toMatch(/^ghk_/);
    const scim = await run('CreateScimToken');
    const users = await fetch(new URL('/scim/v2/Users', t.stack.gatewayUrl), { headers: { authorization: `Bearer ${scim.secret}` } });
    expect((await users.json()).totalResults).toBe(2);
    const trail = await run('AuditTrail', { userId: member.accountId });
    expect(trail.edges[0].node).toMatchObject({ action: 'ROLE_CHANGE', actorId: acme.admin.accountId, details: { spaceId, rolesAfter: ['Editor'] } });
    expect(await run('VerifyAuditChain')).toMatchObject({ valid: true, firstBrokenPosition: null });
  });
});
