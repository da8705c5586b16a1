import { SeededOrganization } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { TestStack, startTestStack } from '../support/test-stack';

describe('a subgraph is down', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    // No viewer cache: every request re-resolves the viewer, so the outage is felt at once.
    t = await startTestStack({ VIEWER_CACHE_TTL_MS: '0', SUBGRAPH_TIMEOUT_MS: '2000' });
    acme = await t.seed.organization('Acme');
    await acme.member('EDITOR', 'Eddie');
  });
  afterAll(() => t.stop());

  it("a query across both subgraphs returns identity's data and an error for access control's part", async () => {
    const query = '{ users { totalCount edges { node { email roles { name } } } } }';
    const healthy = await t.gql(query, {}, acme.admin.token);
    expect(healthy.errors).toBeUndefined();

    await t.stack.servers['access-control'].stop();
    const degraded = await t.gql(query, {}, acme.admin.token);
    expect(degraded.data!.users.totalCount).toBe(2);
    expect(degraded.data!.users.edges.map((e: { node: { email: string } }) => e.node.email).sort()).toEqual(
      healthy.data!.users.edges.map((e: { node: { email: string } }) => e.node.email).sort(),
    );
    degraded.data!.users.edges.forEach((e: { node: { roles: unknown } }) => expect(e.node.roles).toBeNull());
    expect(degraded.errors!.length).toBeGreaterThan(0);
    expect(degraded.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'access-control' });

    const ready = await fetch(new URL('/ready', t.stack.gatewayUrl));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'degraded', subgraphs: Object.fromEntries(subgraphRegistry.map((s) => [s.name, s.name === 'access-control' ? 'unavailable' : 'ready'])) });
  });
});
