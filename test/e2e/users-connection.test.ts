import { errorCodes, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const names = ['Zoe', 'adam', 'Mia', 'bob', 'Lea', 'Carl', 'Ines', 'dora'];

describe('the users connection', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    // No outbox polling and a long viewer cache: only the query's own SQL statements are counted.
    t = await startTestStack({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' });
    acme = await t.seed.organization('Acme');
    for (const name of names) await acme.member(null, name);
  });
  afterAll(() => t.stop());

  const page = (variables: Record<string, unknown>) =>
    t.gql(
      `query($first: Int, $after: String, $filter: UserFilter, $orderBy: UserOrder) {
        users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { name joinedAt } } } }`,
      variables,
      acme.admin.token,
    );

  async function walk(orderBy: Record<string, string>, first: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard += 1) {
      const response = await page({ first, after, orderBy });
      expect(response.errors).toBeUndefined();
      const users: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { name: string } }[] } = response.data!.users;
      seen.push(...users.edges.map((e) => e.node.name));
      if (!users.pageInfo.hasNextPage) return seen;
      after = users.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  it('pages through every user once, sorted by name case-insensitively, in both directions', async () => {
    const expected = ['Acme Admin', ...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(await walk({ field: 'NAME', direction: 'ASC' }, 3)).toEqual(expected);
    expect(await walk({ field: 'NAME', direction: 'DESC' }, 4)).toEqual([...expected].reverse());
  });

  it('sorts by joined date and by last activity', async () => {
    expect(await walk({ field: 'JOINED', direction: 'ASC' }, 2)).toEqual(['Acme Admin', ...names]);
    await t.seed.logIn((await t.seed.signUp({ name: 'Late' })).email, 'correct horse battery staple');
    const byActivity = await walk({ field: 'LAST_ACTIVITY', direction: 'DESC' }, 5);
    expect(byActivity[0]).toBe('Late');
    expect(byActivity).toHaveLength(names.length + 2);
  });

  it('searches name and e-mail, case-insensitively, with LIKE wildcards taken literally', async () => {
    const byName = await page({ filter: { search: 'DORA' } });
    expect(byName.data!.users.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['dora']);
    expect(byName.data!.users.totalCount).toBe(1);
    const byEmail = await page({ filter: { search: acme.admin.email.toUpperCase() } });
    expect(byEmail.data!.users.totalCount).toBe(1);
    const wildcard = await page({ filter: { search: '%' } });
    expect(wildcard.data!.users.totalCount).toBe(0);
    const pending = await page({ filter: { status: 'PENDING' } });
    expect(pending.data!.users.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Late']);
  });

  it('refuses a page larger than the maximum and a forged cursor', async () => {
    expect(errorCodes(await page({ first: 101 }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await page({ first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await page({ after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('runs the same number of SQL statements in each subgraph whatever the page size', async () => {
    const query = 'query($first: Int) { users(first: $first) { edges { node { roles { name } } } } }';
    const count = async (first: number) => {
      // Warm the viewer cache so only the query's own statements are counted.
      await t.gql(query, { first }, acme.admin.token);
      const identityBefore = t.stack.apps.identity.queries.count;
      const accessBefore = t.stack.apps['access-control'].queries.count;
      const response = await t.gql(query, { first }, acme.admin.token);
      expect(response.data!.users.edges).toHaveLength(Math.min(first, names.length + 2));
      return { identity: t.stack.apps.identity.queries.count - identityBefore, accessControl: t.stack.apps['access-control'].queries.count - accessBefore };
    };
    const small = await count(2);
    const large = await count(100);
    expect(large).toEqual(small);
    expect(large.identity).toBeLessThanOrEqual(3);
    // Members, their assignments, the distinct roles: three small statements beat one join that repeats each role per member.
    expect(large.accessControl).toBeLessThanOrEqual(3);
  });
});
