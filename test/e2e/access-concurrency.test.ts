import { TestStack, startTestStack } from '../support/test-stack';

/** Concurrent identical changes never break a rule nor surface as server errors. */
describe('concurrent access-control changes', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('the same member added to a group, the same profile given, the same access list set, ten times at once', async () => {
    const acme = await t.seed.organization('Acme');
    const member = await acme.member(null, 'Mo');
    const as = (query: string, variables: Record<string, unknown>) => t.gql(query, variables, acme.admin.token);
    const groupId = (await as('mutation { createGroup(input: { name: "G", grants: [{ area: PROMPTS, level: READ }] }) { group { id } } }', {})).data!.createGroup.group.id;
    const profileId = (await as('mutation($input: CreateSecurityProfileInput!) { createSecurityProfile(input: $input) { profile { id } } }', { input: { name: 'P', roleIds: [await acme.roleId('EDITOR')] } })).data!.createSecurityProfile.profile.id;
    const ten = <T>(make: () => Promise<T>) => Promise.all(Array.from({ length: 10 }, make));
    const results = [
      ...(await ten(() => as('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId, userIds: [member.accountId] } }))),
      ...(await ten(() => as('mutation($input: SecurityProfileChangeInput!) { assignSecurityProfile(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, profileId } }))),
      ...(await ten(() => as('mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { userErrors { code } } }', { input: { resource: { type: 'AGENT', id: 'x' }, visibility: 'PRIVATE', entries: [{ principalType: 'USER', principalId: member.accountId, level: 'READ' }] } }))),
    ];
    expect(results.map((r, i) => (r.errors ? `${i}:${r.errors[0].extensions?.code}` : null)).filter(Boolean)).toEqual([]);
    const state = await as('query($id: ID!) { user(id: $id) { groups { group { name } } securityProfiles { name } } resourceAccess(resource: { type: AGENT, id: "x" }) { entries { principalId } } }', { id: member.accountId });
    expect(state.data).toEqual({ user: { groups: [{ group: { name: 'G' } }], securityProfiles: [{ name: 'P' }] }, resourceAccess: { entries: [{ principalId: member.accountId }] } });
  });

  it('ten roles, groups and profiles created at once under one name (any case): one of each exists, the rest are told the name is taken', async () => {
    const acme = await t.seed.organization('Initrode');
    const as = (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, acme.admin.token);
    const editor = await acme.roleId('EDITOR');
    const ten = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 10 }, (_, i) => make(i)));
    const name = (i: number) => (i % 2 ? 'Reviewers' : 'REVIEWERS');
    const roles = await ten((i) => as(`mutation { createRole(input: { name: "${name(i)}", grants: [{ area: PROMPTS, level: READ }] }) { role { id } userErrors { code } } }`));
    const groups = await ten((i) => as(`mutation { createGroup(input: { name: "${name(i)}", grants: [] }) { group { id } userErrors { code } } }`));
    const profiles = await ten((i) => as('mutation($input: CreateSecurityProfileInput!) { createSecurityProfile(input: $input) { profile { id } userErrors { code } } }', { input: { name: name(i), roleIds: [editor] } }));
    const outcomes = (results: { errors?: unknown; data?: Record<string, any> | null }[], field: string) => // eslint-disable-line @typescript-eslint/no-explicit-any
      results.map((r) => (r.errors ? 'ERROR' : r.data![field].userErrors[0]?.code ?? 'CREATED')).sort();
    const expected = (taken: string) => ['CREATED', ...Array(9).fill(taken)].sort();
    expect(outcomes(roles, 'createRole')).toEqual(expected('ROLE_NAME_TAKEN'));
    expect(outcomes(groups, 'createGroup')).toEqual(expected('GROUP_NAME_TAKEN'));
    expect(outcomes(profiles, 'createSecurityProfile')).toEqual(expected('PROFILE_NAME_TAKEN'));
    const state = (await as('{ roles { name } groups { name } securityProfiles { name } }')).data!;
    for (const list of [state.roles, state.groups, state.securityProfiles]) expect(list.filter((x: { name: string }) => x.name.toLowerCase() === 'reviewers')).toHaveLength(1);
  });
});
