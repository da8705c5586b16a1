import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A role held in a space says what a member may do there; an archived space is nowhere to act. */
describe('a role held in a space once the space is archived', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let vic: SeededMember;
  let spaceId: string;
  const as = (query: string, variables: Json = {}, token = acme.admin.token) => t.gql(query, variables, token);
  /** Every way to ask what Vic may do in the space: authorize, explainAccess, and viewer.can asked by Vic. */
  const answersInSpace = async () => {
    const decided = await as('query($checks: [AccessCheckInput!]!) { authorize(checks: $checks) { allowed effectiveLevel reason } }', { checks: [{ userId: vic.accountId, area: 'AGENT_BUILDER', level: 'WRITE', spaceId }] });
    const explained = await as('query($userId: ID!, $spaceId: ID) { explainAccess(userId: $userId, area: AGENT_BUILDER, spaceId: $spaceId) { level contributions { kind role { name } space { id } } } }', { userId: vic.accountId, spaceId });
    const own = await as('query($spaceId: ID) { viewer { can(area: AGENT_BUILDER, level: WRITE, spaceId: $spaceId) } }', { spaceId }, vic.token);
    for (const response of [decided, explained, own]) expect(response.errors).toBeUndefined();
    return { authorize: decided.data!.authorize[0], explainAccess: explained.data!.explainAccess, can: own.data!.viewer.can };
  };
  /** Vic's spaces (a separate reading of the space's state): waits until access control has heard of the change. */
  const untilVicSpacesInclude = async (included: boolean) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const spaces = (await as('{ viewer { spaces { id } } }', {}, vic.token)).data!.viewer.spaces as Json[];
      if (spaces.some((s) => s.id === spaceId) === included || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    vic = await acme.member('VIEWER', 'Vic');
    spaceId = (await as('mutation { createSpace(input: { name: "Research" }) { space { id } } }')).data!.createSpace.space.id;
    const assigned = await as('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: vic.accountId, roleId: await acme.roleId('EDITOR'), spaceId } });
    expect(assigned.data!.assignRole.userErrors).toEqual([]);
    await untilVicSpacesInclude(true);
  });
  afterAll(() => t.stop());

  it('counts while the space is live: authorize, explainAccess and viewer.can see the Editor role there', async () => {
    expect(await answersInSpace()).toEqual({
      authorize: { allowed: true, effectiveLevel: 'WRITE', reason: 'ALLOWED' },
      explainAccess: { level: 'WRITE', contributions: expect.arrayContaining([{ kind: 'ROLE', role: { name: 'Editor' }, space: { id: spaceId } }]) },
      can: true,
    });
  });

  it('stops counting once the space is archived, in all three, and counts again once it is restored', async () => {
    const archived = await as('mutation($input: SpaceIdInput!) { archiveSpace(input: $input) { userErrors { code } } }', { input: { spaceId } });
    expect(archived.data!.archiveSpace.userErrors).toEqual([]);
    await untilVicSpacesInclude(false);
    const answers = await answersInSpace();
    // What is left is Vic's organization-wide Viewer role: Agent Builder READ.
    expect(answers).toEqual({ authorize: { allowed: false, effectiveLevel: 'READ', reason: 'INSUFFICIENT_LEVEL' }, explainAccess: { level: 'READ', contributions: expect.any(Array) }, can: false });
    expect(answers.explainAccess.contributions.filter((c: Json) => c.space)).toEqual([]);

    const restored = await as('mutation($input: SpaceIdInput!) { restoreSpace(input: $input) { userErrors { code } } }', { input: { spaceId } });
    expect(restored.data!.restoreSpace.userErrors).toEqual([]);
    await untilVicSpacesInclude(true);
    expect((await answersInSpace()).authorize).toEqual({ allowed: true, effectiveLevel: 'WRITE', reason: 'ALLOWED' });
  });
});
