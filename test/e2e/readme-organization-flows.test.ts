import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestStack, startTestStack } from '../support/test-stack';

/** The README's "Spaces, units, directory sync, keys and the audit log" operations, exactly as printed there. */
function readmeOperations(): { name: string; document: string }[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split('## Spaces, units, directory sync, keys and the audit log')[1].split('\n## ')[0];
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => ({ name: /^(?:query|mutation) (\w+)/.exec(m[1])![1], document: m[1] }));
}

describe('the README organization flows', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const member = await acme.member('VIEWER', 'Grace');
    const operations = readmeOperations();
    expect(operations.map((o) => o.name)).toEqual(['CreateSpace', 'GiveRoleInSpace', 'SyncDirectory', 'CreateApiKey', 'CreateScimToken', 'AuditTrail', 'VerifyAuditChain']);
    const run = async (name: string, variables: Record<string, unknown> = {}) => {
      const response = await t.gql(operations.find((o) => o.name === name)!.document, variables, acme.admin.token);
      expect({ name, errors: response.errors }).toEqual({ name, errors: undefined });
      const payload = Object.values(response.data!)[0] as { userErrors?: unknown[] };
      expect({ name, userErrors: payload.userErrors ?? [] }).toEqual({ name, userErrors: [] });
      return payload as Record<string, any>;
    };

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
