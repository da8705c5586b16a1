import { SeededMember, SeededOrganization, errorCodes } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const explainQuery = `query($userId: ID!, $area: Area!, $spaceId: ID) {
  explainAccess(userId: $userId, area: $area, spaceId: $spaceId) {
    level activeMember contributions { kind level role { name } profile { name } group { name } unit { id name } space { id } }
  }
}`;
const levelOf = (grants: { area: string; level: string }[], area: string) => grants.find((g) => g.area === area)?.level ?? 'NONE';

describe('profiles, groups, unit links, defaults and space scopes', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let user: SeededMember;
  const as = (query: string, variables: Json = {}) => t.gql(query, variables, acme.admin.token);
  const userErrors = (response: Json, field: string) => response.data![field].userErrors.map((e: Json) => e.code);
  const effective = async (spaceId?: string) =>
    (await as('query($id: ID!, $spaceId: ID) { user(id: $id) { effectivePermissions(spaceId: $spaceId) { grants { area level } capabilities } } }', { id: user.accountId, spaceId })).data!.user.effectivePermissions;
  const explainFor = async (area: string, spaceId?: string) => (await as(explainQuery, { userId: user.accountId, area, spaceId })).data!.explainAccess;

  beforeAll(async () => {
    t = await startTestStack({ VIEWER_CACHE_TTL_MS: '60000' });
    acme = await t.seed.organization('Acme');
    // A Cloosphere-style user: the built-in User role grants nothing by itself.
    user = await acme.member(null, 'Uma');
    await as('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: user.accountId, roleId: await acme.roleId('USER') } });
    await as('mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: user.accountId, roleId: await acme.roleId('VIEWER') } });
  });
  afterAll(() => t.stop());

  it('members in no group get the organization\'s default permissions', async () => {
    expect((await effective()).grants).toEqual([]);
    const set = await as('mutation { setDefaultPermissions(input: { grants: [{ area: PROMPTS, level: ACCESS }], capabilities: [CHAT_FILE_UPLOAD] }) { defaultPermissions { grants { area level } capabilities } userErrors { code } } }');
    expect(set.data!.setDefaultPermissions).toEqual({ defaultPermissions: { grants: [{ area: 'PROMPTS', level: 'ACCESS' }], capabilities: ['CHAT_FILE_UPLOAD'] }, userErrors: [] });
    expect(await effective()).toEqual({ grants: [{ area: 'PROMPTS', level: 'ACCESS' }], capabilities: ['CHAT_FILE_UPLOAD'] });
    const why = await explainFor('PROMPTS');
    expect(why).toMatchObject({ level: 'ACCESS', activeMember: true, contributions: [{ kind: 'DEFAULT', level: 'ACCESS' }] });
  });

  it('a group grants its members; joining one replaces the defaults; removing gives them back', async () => {
    const created = await as('mutation { createGroup(input: { name: "Marketing Team", description: "Campaigns", grants: [{ area: KNOWLEDGE_BASE, level: WRITE }, { area: PROMPTS, level: READ }], capabilities: [SHARE_PROMPTS] }) { group { id name grants { area level } capabilities } userErrors { code } } }');
    const group = created.data!.createGroup.group;
    expect(group).toMatchObject({ name: 'Marketing Team', capabilities: ['SHARE_PROMPTS'] });
    const added = await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { group { members { totalCount edges { node { id } source } } } userErrors { code } } }', { input: { groupId: group.id, userIds: [user.accountId] } });
    expect(added.data!.addGroupMembers.group.members).toEqual({ totalCount: 1, edges: [{ node: { id: user.accountId }, source: 'MANUAL' }] });
    const now = await effective();
    expect(now.capabilities).toEqual(['SHARE_PROMPTS']);
    expect(levelOf(now.grants, 'PROMPTS')).toBe('READ');
    expect(levelOf(now.grants, 'KNOWLEDGE_BASE')).toBe('WRITE');
    expect((await explainFor('PROMPTS')).contributions).toEqual([expect.objectContaining({ kind: 'GROUP', level: 'READ', group: { name: 'Marketing Team' } })]);
    const groups = await t.gql('{ viewer { groups { group { name } source } } }', {}, user.token);
    expect(groups.data!.viewer.groups).toEqual([{ group: { name: 'Marketing Team' }, source: 'MANUAL' }]);
    await as('mutation($input: GroupMembersInput!) { removeGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group.id, userIds: [user.accountId] } });
    expect((await effective()).grants).toEqual([{ area: 'PROMPTS', level: 'ACCESS' }]);
  });

  it('a group linked to a unit includes everyone in that unit and below it; such members cannot be removed by hand', async () => {
    const synced = await as(`mutation($email: String!) { syncDirectory(input: { source: ENTRA_ID,
      units: [{ externalId: "co", name: "Company" }, { externalId: "mkt", name: "Marketing Division", parentExternalId: "co" }, { externalId: "social", name: "Social", parentExternalId: "mkt" }],
      users: [{ externalId: "uma", email: $email, unitExternalIds: ["social"] }] }) { applied userErrors { code } } }`, { email: user.email });
    expect(synced.data!.syncDirectory).toEqual({ applied: true, userErrors: [] });
    const units = (await as('{ organizationalUnits { id name } }')).data!.organizationalUnits as Json[];
    const marketing = units.find((u) => u.name === 'Marketing Division')!;
    const group = (await as('{ groups { id name } }')).data!.groups.find((g: Json) => g.name === 'Marketing Team');
    const linked = await as('mutation($input: GroupUnitInput!) { linkGroupUnit(input: $input) { group { linkedUnits { id name } members { edges { node { id } source unit { name } } } } userErrors { code } } }', { input: { groupId: group.id, unitId: marketing.id } });
    expect(linked.data!.linkGroupUnit.group).toEqual({ linkedUnits: [{ id: marketing.id, name: 'Marketing Division' }], members: { edges: [{ node: { id: user.accountId }, source: 'UNIT', unit: { name: 'Marketing Division' } }] } });
    expect(levelOf((await effective()).grants, 'KNOWLEDGE_BASE')).toBe('WRITE');
    expect((await explainFor('KNOWLEDGE_BASE')).contributions).toEqual([expect.objectContaining({ kind: 'UNIT_LINK', group: { name: 'Marketing Team' }, unit: { id: marketing.id, name: 'Marketing Division' } })]);
    const removal = await as('mutation($input: GroupMembersInput!) { removeGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group.id, userIds: [user.accountId] } });
    expect(userErrors(removal, 'removeGroupMembers')).toEqual(['DIRECTORY_MANAGED']);
    // The directory moves Uma out: the group's grants go with the next request.
    await as('mutation { syncDirectory(input: { source: ENTRA_ID, units: [{ externalId: "co", name: "Company" }, { externalId: "mkt", name: "Marketing Division", parentExternalId: "co" }, { externalId: "social", name: "Social", parentExternalId: "mkt" }], users: [] }) { applied } }');
    expect(levelOf((await effective()).grants, 'KNOWLEDGE_BASE')).toBe('NONE');
  });

  it('a security profile bundles roles; its roles count, and explainAccess names the profile', async () => {
    const created = await as('mutation($input: CreateSecurityProfileInput!) { createSecurityProfile(input: $input) { profile { id name roles { key } } userErrors { code } } }', {
      input: { name: 'Agent operator', roleIds: [await acme.roleId('AGENT_EXECUTION'), await acme.roleId('AI_CHAT_USER')] },
    });
    const profile = created.data!.createSecurityProfile.profile;
    expect(profile.roles.map((r: Json) => r.key).sort()).toEqual(['AGENT_EXECUTION', 'AI_CHAT_USER']);
    const assigned = await as('mutation($input: SecurityProfileChangeInput!) { assignSecurityProfile(input: $input) { user { securityProfiles { name } } userErrors { code } } }', { input: { userId: user.accountId, profileId: profile.id } });
    expect(assigned.data!.assignSecurityProfile).toEqual({ user: { securityProfiles: [{ name: 'Agent operator' }] }, userErrors: [] });
    expect(levelOf((await effective()).grants, 'CHAT')).toBe('WRITE');
    expect((await explainFor('CHAT')).contributions).toEqual([expect.objectContaining({ kind: 'PROFILE', profile: { name: 'Agent operator' }, role: { name: 'Serenity* AI Chat User' } })]);
    const inUse = await as('mutation($input: SecurityProfileIdInput!) { deleteSecurityProfile(input: $input) { userErrors { code message } } }', { input: { profileId: profile.id } });
    expect(inUse.data!.deleteSecurityProfile.userErrors).toEqual([{ code: 'PROFILE_IN_USE', message: expect.stringContaining('1 member') }]);
  });

  it('roles held in a space count only there', async () => {
    const space = (await as('mutation { createSpace(input: { name: "Research" }) { space { id } } }')).data!.createSpace.space.id;
    await as('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: user.accountId, roleId: await acme.roleId('EDITOR'), spaceId: space } });
    expect(levelOf((await effective()).grants, 'AGENT_BUILDER')).toBe('NONE');
    expect(levelOf((await effective(space)).grants, 'AGENT_BUILDER')).toBe('WRITE');
    const why = await explainFor('AGENT_BUILDER', space);
    expect(why.contributions).toEqual([expect.objectContaining({ kind: 'ROLE', role: { name: 'Editor' }, space: { id: space } })]);
  });

  it('changes take effect on the very next request through the gateway', async () => {
    const profile = (await as('{ securityProfiles { id name } }')).data!.securityProfiles.find((p: Json) => p.name === 'Agent operator');
    const reader = await acme.member(null, 'Rey');
    const group = (await as('mutation { createGroup(input: { name: "Directory readers", grants: [{ area: TEAM_MEMBERS, level: READ }] }) { group { id } } }')).data!.createGroup.group.id;
    await as('mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: reader.accountId, roleId: await acme.roleId('VIEWER') } });
    expect(errorCodes(await t.gql('{ users(first: 1) { totalCount } }', {}, reader.token))).toEqual(['FORBIDDEN']);
    await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group, userIds: [reader.accountId] } });
    expect((await t.gql('{ users(first: 1) { totalCount } }', {}, reader.token)).errors).toBeUndefined();
    await as('mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }', { input: { groupId: group, grants: [] } });
    expect(errorCodes(await t.gql('{ users(first: 1) { totalCount } }', {}, reader.token))).toEqual(['FORBIDDEN']);
    expect(profile).toBeDefined();
  });

  it('refuses bad input with clear errors', async () => {
    const group = (await as('{ groups { id name } }')).data!.groups.find((g: Json) => g.name === 'Marketing Team').id;
    const globex = await t.seed.organization('Globex');
    const theirGroup = (await t.gql('mutation { createGroup(input: { name: "Theirs", grants: [] }) { group { id } } }', {}, globex.admin.token)).data!.createGroup.group.id;
    expect(userErrors(await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: theirGroup, userIds: [user.accountId] } }), 'addGroupMembers')).toEqual(['GROUP_NOT_FOUND']);
    expect(userErrors(await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group, userIds: [globex.admin.accountId] } }), 'addGroupMembers')).toEqual(['USER_NOT_FOUND']);
    expect(userErrors(await as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group, userIds: [user.accountId, user.accountId] } }), 'addGroupMembers')).toEqual(['INVALID_USERS']);
    expect(userErrors(await as('mutation($input: GroupUnitInput!) { linkGroupUnit(input: $input) { userErrors { code } } }', { input: { groupId: group, unitId: 'no-such-unit' } }), 'linkGroupUnit')).toEqual(['UNIT_NOT_FOUND']);
    expect(userErrors(await as('mutation { createGroup(input: { name: "marketing team", grants: [] }) { userErrors { code } } }'), 'createGroup')).toEqual(['GROUP_NAME_TAKEN']);
    expect(userErrors(await as('mutation { createGroup(input: { name: "Dup", grants: [{ area: TOOLS, level: READ }, { area: TOOLS, level: WRITE }] }) { userErrors { code } } }'), 'createGroup')).toEqual(['DUPLICATE_AREA']);
    expect(userErrors(await as('mutation($input: CreateSecurityProfileInput!) { createSecurityProfile(input: $input) { userErrors { code } } }', { input: { name: 'Bad', roleIds: ['nope'] } }), 'createSecurityProfile')).toEqual(['ROLE_NOT_FOUND']);
    expect(errorCodes(await as(explainQuery, { userId: user.accountId, area: 'NOT_AN_AREA' }))).toEqual(['BAD_USER_INPUT']);
    expect((await t.gql(explainQuery, { userId: user.accountId, area: 'PROMPTS' }, globex.admin.token)).data!.explainAccess).toBeNull();
    const admin = await acme.member('ADMIN', 'Ada');
    expect(userErrors(await t.gql('mutation { createGroup(input: { name: "Billing", grants: [{ area: BILLING, level: WRITE }] }) { userErrors { code } } }', {}, admin.token), 'createGroup')).toEqual(['GROUP_EXCEEDS_OWN_PERMISSIONS']);
  });

  it('PENDING members have nothing, whatever they hold', async () => {
    await as('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: user.accountId, status: 'PENDING' } });
    expect((await effective()).grants).toEqual([]);
    expect(await explainFor('CHAT')).toMatchObject({ level: 'NONE', activeMember: false, contributions: [expect.objectContaining({ kind: 'PROFILE' })] });
  });

  it('every change is audited', async () => {
    const log = await as('{ auditLog(first: 100) { edges { node { action } } } }');
    const actions = new Set(log.data!.auditLog.edges.map((e: Json) => e.node.action));
    for (const action of ['GROUP_CREATED', 'GROUP_MEMBERS_CHANGED', 'GROUP_UNIT_LINKED', 'GROUP_UPDATED', 'PROFILE_CREATED', 'PROFILE_ASSIGNED', 'DEFAULT_PERMISSIONS_CHANGED']) expect(actions).toContain(action);
  });
});
