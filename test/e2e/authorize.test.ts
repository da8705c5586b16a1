import { SeededMember, SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const authorize = `query($checks: [AccessCheckInput!]!) { authorize(checks: $checks) { allowed effectiveLevel reason } }`;
const setAccess = `mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { access { visibility entries { principalType principalId level group { name } } } userErrors { code field } } }`;
const agent = { type: 'AGENT', id: 'agent-42' };

describe('authorize, resource access lists and viewer.can', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let editor: SeededMember;
  let viewer: SeededMember;
  let outsider: SeededMember;
  let marketing: string;
  const as = (query: string, variables: Json = {}, token = acme.admin.token) => t.gql(query, variables, token);
  const decide = async (checks: Json[], token = acme.admin.token) => {
    const response = await as(authorize, { checks }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.authorize as Json[];
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    editor = await acme.member('EDITOR', 'Eddie');
    viewer = await acme.member('VIEWER', 'Vera');
    outsider = await acme.member('EDITOR', 'Otto');
    marketing = (await as('mutation { createGroup(input: { name: "Marketing", grants: [] }) { group { id } } }')).data!.createGroup.group.id;
    await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: marketing, userIds: [viewer.accountId] } });
  });
  afterAll(() => t.stop());

  it('answers area checks from effective permissions, each with its reason, in order', async () => {
    const answers = await decide([
      { userId: editor.accountId, area: 'AGENT_BUILDER', level: 'WRITE' },
      { userId: viewer.accountId, area: 'AGENT_BUILDER', level: 'WRITE' },
      { userId: viewer.accountId, area: 'AGENT_BUILDER', level: 'READ' },
      { userId: 'not-a-member', area: 'DASHBOARD', level: 'ACCESS' },
    ]);
    expect(answers).toEqual([
      { allowed: true, effectiveLevel: 'WRITE', reason: 'ALLOWED' },
      { allowed: false, effectiveLevel: 'READ', reason: 'INSUFFICIENT_LEVEL' },
      { allowed: true, effectiveLevel: 'READ', reason: 'ALLOWED' },
      { allowed: false, effectiveLevel: 'NONE', reason: 'NOT_A_MEMBER' },
    ]);
  });

  it('a private agent is open only to its list: users, groups and units, at READ or WRITE', async () => {
    const denied = await as(setAccess, { input: { resource: agent, visibility: 'PRIVATE', entries: [] } }, viewer.token);
    expect(denied.data!.setResourceAccess.userErrors.map((e: Json) => e.code)).toEqual(['AREA_WRITE_REQUIRED']);
    const set = await as(setAccess, { input: { resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'GROUP', principalId: marketing, level: 'READ' }, { principalType: 'USER', principalId: editor.accountId, level: 'WRITE' }] } });
    expect(set.data!.setResourceAccess.access).toEqual({
      visibility: 'PRIVATE',
      entries: expect.arrayContaining([{ principalType: 'GROUP', principalId: marketing, level: 'READ', group: { name: 'Marketing' } }, { principalType: 'USER', principalId: editor.accountId, level: 'WRITE', group: null }]),
    });
    const answers = await decide([
      { userId: viewer.accountId, resource: agent, level: 'READ' },
      { userId: viewer.accountId, resource: agent, level: 'WRITE' },
      { userId: editor.accountId, resource: agent, level: 'WRITE' },
      { userId: outsider.accountId, resource: agent, level: 'READ' },
      { userId: acme.admin.accountId, resource: agent, level: 'WRITE' },
      { userId: outsider.accountId, resource: { type: 'AGENT', id: 'another-agent' }, level: 'READ' },
    ]);
    // Vera (Viewer: Agents READ) is on the list through Marketing at READ; Otto (Editor) is not on it;
    // the Super Admin sees everything; an agent without a list is open to every member.
    expect(answers.map((a) => `${a.allowed}:${a.reason}`)).toEqual(['true:ALLOWED', 'false:INSUFFICIENT_LEVEL', 'true:ALLOWED', 'false:NOT_IN_ACCESS_LIST', 'true:ALLOWED', 'true:ALLOWED']);
    // With Agents WRITE from the group, Vera's area level allows WRITE, but the list gives Marketing READ only.
    await as('mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }', { input: { groupId: marketing, grants: [{ area: 'AGENTS', level: 'WRITE' }] } });
    await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: marketing, userIds: [outsider.accountId] } });
    const again = await decide([
      { userId: viewer.accountId, resource: agent, level: 'READ' },
      { userId: viewer.accountId, resource: agent, level: 'WRITE' },
      { userId: outsider.accountId, resource: { type: 'AGENT', id: 'another-agent' }, level: 'WRITE' },
    ]);
    expect(again.map((a) => `${a.allowed}:${a.reason}`)).toEqual(['true:ALLOWED', 'false:NOT_IN_ACCESS_LIST', 'true:ALLOWED']);
  });

  it('refuses bad access lists and changes nothing', async () => {
    const globex = await t.seed.organization('Globex');
    const theirGroup = (await t.gql('mutation { createGroup(input: { name: "G", grants: [] }) { group { id } } }', {}, globex.admin.token)).data!.createGroup.group.id;
    const before = (await as('query($r: ResourceInput!) { resourceAccess(resource: $r) { visibility entries { principalId } } }', { r: agent })).data!.resourceAccess;
    const cases: [Json, string][] = [
      [{ resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'GROUP', principalId: theirGroup, level: 'READ' }] }, 'PRINCIPAL_NOT_FOUND'],
      [{ resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'USER', principalId: globex.admin.accountId, level: 'READ' }] }, 'PRINCIPAL_NOT_FOUND'],
      [{ resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'UNIT', principalId: 'nope', level: 'READ' }] }, 'PRINCIPAL_NOT_FOUND'],
      [{ resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'GROUP', principalId: marketing, level: 'READ' }, { principalType: 'GROUP', principalId: marketing, level: 'WRITE' }] }, 'DUPLICATE_PRINCIPAL'],
      [{ resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'GROUP', principalId: marketing, level: 'ACCESS' }] }, 'INVALID_LEVEL'],
      [{ resource: agent, visibility: 'PUBLIC', entries: [{ principalType: 'GROUP', principalId: marketing, level: 'READ' }] }, 'ENTRIES_ON_PUBLIC'],
    ];
    for (const [input, code] of cases) expect((await as(setAccess, { input })).data!.setResourceAccess.userErrors.map((e: Json) => e.code)).toEqual([code]);
    expect((await as('query($r: ResourceInput!) { resourceAccess(resource: $r) { visibility entries { principalId } } }', { r: agent })).data!.resourceAccess).toEqual(before);
    // Without the sharing switch nobody opens a resource to others (Cloosphere's "Share agents").
    const noShare = (await as('mutation { createRole(input: { name: "Agent builder", grants: [{ area: AGENTS, level: WRITE }] }) { role { id } } }')).data!.createRole.role.id;
    const builder = await acme.member(null, 'Bo');
    await as('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: builder.accountId, roleId: noShare } });
    const shared = await as(setAccess, { input: { resource: { type: 'AGENT', id: 'bo-agent' }, visibility: 'PUBLIC', entries: [] } }, builder.token);
    expect(shared.data!.setResourceAccess.userErrors.map((e: Json) => e.code)).toEqual(['SHARING_NOT_ALLOWED']);
    const own = await as(setAccess, { input: { resource: { type: 'AGENT', id: 'bo-agent' }, visibility: 'PRIVATE', entries: [{ principalType: 'USER', principalId: builder.accountId, level: 'WRITE' }] } }, builder.token);
    expect(own.data!.setResourceAccess.userErrors).toEqual([]);
  });

  it('only those who may read roles ask about others; anyone asks about themselves', async () => {
    expect(errorCodes(await as(authorize, { checks: [{ userId: editor.accountId, area: 'DASHBOARD', level: 'READ' }] }, outsider.token))).toEqual([]);
    const noRoles = await acme.member(null, 'Nora');
    await as('mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: noRoles.accountId, roleId: await acme.roleId('VIEWER') } });
    expect(errorCodes(await as(authorize, { checks: [{ userId: editor.accountId, area: 'DASHBOARD', level: 'READ' }] }, noRoles.token))).toEqual(['FORBIDDEN']);
    expect((await decide([{ area: 'DASHBOARD', level: 'READ' }], noRoles.token))[0]).toEqual({ allowed: false, effectiveLevel: 'NONE', reason: 'INSUFFICIENT_LEVEL' });
    expect(errorCodes(await as(authorize, { checks: [{ level: 'READ' }] }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await as(authorize, { checks: Array.from({ length: 1001 }, () => ({ area: 'DASHBOARD', level: 'READ' })) }))).toEqual(['BAD_USER_INPUT']);
  });

  it('an API key asks about itself with its own grants, or about users when it may read roles', async () => {
    const key = (await as('mutation { createApiKey(input: { name: "Tools", grants: [{ area: AGENTS, level: READ }, { area: TEAM_ROLES, level: READ }] }) { secret } }')).data!.createApiKey.secret;
    const response = await postGraphQL(t.stack.gatewayUrl, authorize, { checks: [{ area: 'AGENTS', level: 'READ' }, { area: 'AGENTS', level: 'WRITE' }, { resource: agent, level: 'READ' }, { userId: editor.accountId, resource: agent, level: 'WRITE' }] }, { token: key });
    expect(response.data!.authorize.map((a: Json) => `${a.allowed}:${a.reason}`)).toEqual(['true:ALLOWED', 'false:INSUFFICIENT_LEVEL', 'false:NOT_IN_ACCESS_LIST', 'true:ALLOWED']);
  });

  it('viewer.can tells a client what to show', async () => {
    const response = await t.gql('{ viewer { canBuild: can(area: AGENT_BUILDER, level: WRITE) canBill: can(area: BILLING, level: WRITE) } }', {}, editor.token);
    expect(response.data!.viewer).toEqual({ canBuild: true, canBill: false });
  });

  it('previewRoleChange lists who would gain or lose what, and changes nothing', async () => {
    const editorRole = await acme.roleId('EDITOR');
    const preview = await as('query($input: PreviewRoleChangeInput!) { previewRoleChange(input: $input) { holders affected members { user { id } changes { area from to } } } }', {
      input: { roleId: editorRole, grants: [{ area: 'AGENT_BUILDER', level: 'READ' }, { area: 'BILLING', level: 'READ' }] },
    });
    const result = preview.data!.previewRoleChange;
    expect(result.holders).toBe(2);
    const eddie = result.members.find((m: Json) => m.user.id === editor.accountId);
    expect(eddie.changes).toEqual(expect.arrayContaining([{ area: 'AGENT_BUILDER', from: 'WRITE', to: 'READ' }]));
    expect(eddie.changes.find((c: Json) => c.area === 'BILLING')).toBeUndefined();
    expect((await decide([{ userId: editor.accountId, area: 'AGENT_BUILDER', level: 'WRITE' }]))[0].allowed).toBe(true);
  });

  it('previewRoleChange of an unknown role, or naming an area twice, is a bad request', async () => {
    const preview = 'query($input: PreviewRoleChangeInput!) { previewRoleChange(input: $input) { holders } }';
    expect(errorCodes(await as(preview, { input: { roleId: 'no-such-role', grants: [] } }))).toEqual(['BAD_USER_INPUT']);
    const twice = [{ area: 'BILLING', level: 'READ' }, { area: 'BILLING', level: 'WRITE' }];
    expect(errorCodes(await as(preview, { input: { roleId: await acme.roleId('EDITOR'), grants: twice } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers 1,000 checks in one request', async () => {
    const checks = Array.from({ length: 1000 }, (_, i) => ({ userId: [editor, viewer, outsider][i % 3].accountId, resource: i % 2 ? agent : undefined, area: i % 2 ? undefined : 'PROMPTS', level: 'READ' }));
    const answers = await decide(checks);
    expect(answers).toHaveLength(1000);
    expect(answers[0]).toEqual({ allowed: true, effectiveLevel: 'WRITE', reason: 'ALLOWED' });
  });
});
