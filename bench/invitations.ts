import { performance } from 'node:perf_hooks';
import { Seed, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { startEmbeddedStack } from '../src/stack';
import { subgraphRegistry } from '../src/registry';

/**
 * Invitations: the time to bulk-invite 1,000 addresses through the gateway (each run a new
 * organization, so every address is fresh), and the pending list's SQL statements per subgraph
 * for a page of 10 and of 100 invitations with their role, space and inviter (must not grow).
 */
const runs = Number(process.env.BENCH_INVITE_RUNS ?? 5);
const bulkMutation = 'mutation($input: InviteTeammatesInput!) { inviteTeammates(input: $input) { created userErrors { code message } } }';
const pageQuery = 'query($first: Int) { invitations(first: $first) { edges { node { email status expiresAt role { name } space { name } invitedBy { email } } } } }';

export async function benchInvitations(): Promise<void> {
  // The hourly limit is per organization; raised so the page-cost organization's 100 fit beside the runs anyway.
  const config = testConfig({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000', INVITATIONS_PER_HOUR: '100000' }, subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  const seed = new Seed(stack.gatewayUrl);
  const call = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await postGraphQL(stack.gatewayUrl, query, variables, { token });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  try {
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const organization = await seed.organization(`Bulk ${run}`);
      const invitations = Array.from({ length: 1000 }, (_, i) => ({ email: `invitee${i}.run${run}@example.com` }));
      const started = performance.now();
      const data = await call(organization.admin.token, bulkMutation, { input: { invitations } });
      times.push(performance.now() - started);
      if (data.inviteTeammates.created !== 1000) throw new Error(JSON.stringify(data.inviteTeammates));
    }
    console.log(`inviteTeammates with 1,000 new addresses through the gateway (${stack.apps.invitations.dataSource.options.type}), ${runs} runs`);
    console.log(`  ${Math.min(...times).toFixed(0)}..${Math.max(...times).toFixed(0)} ms (min..max)`);

    const organization = await seed.organization('Pending list');
    const space = (await call(organization.admin.token, 'mutation { createSpace(input: { name: "Ops" }) { space { id } } }', {})).createSpace.space.id;
    const listed = Array.from({ length: 100 }, (_, i) => ({ email: `listed${i}@example.com`, spaceId: i % 2 ? space : null }));
    await call(organization.admin.token, bulkMutation, { input: { invitations: listed } });
    const names = ['identity', 'access-control', 'invitations'];
    const statements = async (first: number) => {
      await call(organization.admin.token, pageQuery, { first }); // warms the viewer cache
      const before = names.map((n) => stack.apps[n].queries.count);
      const data = await call(organization.admin.token, pageQuery, { first });
      if (data.invitations.edges.length !== first) throw new Error('short page');
      return names.map((n, i) => stack.apps[n].queries.count - before[i]);
    };
    const [small, large] = [await statements(10), await statements(100)];
    console.log('SQL statements for invitations(first: N) { edges { node { … role space invitedBy } } }');
    console.log(`  first: 10  -> ${names.map((n, i) => `${n} ${small[i]}`).join(', ')}`);
    console.log(`  first: 100 -> ${names.map((n, i) => `${n} ${large[i]}`).join(', ')}`);
  } finally {
    await stack.stop();
    await dropTestDatabases(config);
  }
}
