import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the README access-control flows', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const member = await acme.member('VIEWER', 'Grace');
    const operations = readmeOperations('Roles, groups and decisions for the platform');
    expect(operations.map((o) => o.name)).toEqual(['CreateRole', 'CreateGroup', 'AddToGroup', 'WhyCanThey', 'MakeAgentPrivate', 'MayTheyUseIt']);
    const run = readmeRunner(t, operations, acme.admin.token);

    expect((await run('CreateRole')).role.grants).toEqual([{ area: 'PROMPTS', level: 'WRITE' }, { area: 'AGENTS', level: 'READ' }]);
    const groupId = (await run('CreateGroup')).group.id;
    expect((await run('AddToGroup', { groupId, userId: member.accountId })).group.members.totalCount).toBe(1);
    expect(await run('WhyCanThey', { userId: member.accountId })).toEqual({
      level: 'WRITE',
      contributions: [
        { kind: 'GROUP', level: 'WRITE', role: null, group: { name: 'Marketing Team' }, unit: null },
        { kind: 'ROLE', level: 'READ', role: { name: 'Viewer' }, group: null, unit: null },
      ],
    });
    expect((await run('MakeAgentPrivate', { groupId })).access.visibility).toBe('PRIVATE');
    expect(await run('MayTheyUseIt', { userId: member.accountId })).toEqual([
      { allowed: true, effectiveLevel: 'READ', reason: 'ALLOWED' },
      { allowed: false, effectiveLevel: 'READ', reason: 'INSUFFICIENT_LEVEL' },
    ]);
  });
});
