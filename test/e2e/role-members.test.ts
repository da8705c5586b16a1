import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

describe("a role's members", () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  it('are listed from the role, a page at a time, with fields from identity', async () => {
    const viewers = [];
    for (const name of ['Ann', 'Ben', 'Cat', 'Dan', 'Eve']) viewers.push(await acme.member(null, name));
    await acme.member('EDITOR', 'Ed');
    const query = `query($after: String) { roles { key members(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id email } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 5; guard += 1) {
      const response = await t.gql(query, { after }, acme.admin.token);
      expect(response.errors).toBeUndefined();
      const viewerRole = response.data!.roles.find((r: { key: string }) => r.key === 'VIEWER');
      expect(viewerRole.members.totalCount).toBe(5);
      seen.push(...viewerRole.members.edges.map((e: { node: { email: string } }) => e.node.email));
      if (!viewerRole.members.pageInfo.hasNextPage) break;
      after = viewerRole.members.pageInfo.endCursor;
    }
    expect(seen).toEqual(viewers.map((v) => v.email));
    const superAdmins = (await t.gql('{ roles { key members { edges { node { id } } } } }', {}, acme.admin.token)).data!.roles.find((r: { key: string }) => r.key === 'SUPER_ADMIN');
    expect(superAdmins.members.edges).toEqual([{ node: { id: acme.admin.accountId } }]);
  });
});
