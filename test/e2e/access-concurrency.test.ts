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
});
