import { performance } from 'node:perf_hooks';
import { Seed, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { EmbeddedStack, startEmbeddedStack } from '../src/stack';
import { benchInquiries } from './inquiries';
import { benchInvitations } from './invitations';
import { benchLargeOrganization } from './large-organization';
import { benchLoad } from './load/load';
import { benchMetering } from './metering';
import { benchPermissionResolution } from './permission-resolution';
import { benchSubscriptions } from './subscriptions';
import { median } from './statistics';
import { subgraphRegistry } from '../src/registry';

/**
 * Benchmarks, measured side by side in one run:
 * 1. graphql-shield's cost: the same list query against a stack with shield and one without.
 * 2. SQL statements per subgraph for the users list at two page sizes (must not grow with the page).
 * 3. The users list of a 100,000-member organization against a 1,000-member one.
 * 4. Effective permissions of a member with 20 roles, 30 groups and 5 unit links; authorize with 1,000 checks.
 * 5. 1,000 subscriptions through one gateway: memory, and event latency p50/p99.
 * 6. Invitations: bulk-inviting 1,000 addresses; statements per page of the pending list at 10 and 100.
 * 7. Metering: ingest, the 90-day dashboard at 10 million events, CSV export, live usage (bench/metering.ts).
 * 8. Inquiries: the board with 10,000 inquiries beside 100, statements and time per page (bench/inquiries.ts).
 * 9. Load: Q1 through the gateway with every service its own process, CPU per request per process (bench/load).
 * BENCH_ONLY=invitations, metering, inquiries, load, permissions or subscriptions runs only that part.
 */
const members = Number(process.env.BENCH_MEMBERS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const listQuery = `query($first: Int) { users(first: $first) { totalCount edges { node { id email fullName membershipStatus joinedAt roles { name } effectivePermissions { grants { area level } } } } } }`;

async function seededStack(withoutShield: boolean): Promise<{ stack: EmbeddedStack; token: string; stop(): Promise<void> }> {
  const config = testConfig({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' }, subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, withoutShield, log: () => undefined });
  const seed = new Seed(stack.gatewayUrl);
  const organization = await seed.organization('Bench');
  for (let i = 0; i < members; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, members - i) }, (_, j) => organization.member(null, `Member ${i + j}`)));
  }
  return { stack, token: organization.admin.token, stop: async () => { await stack.stop(); await dropTestDatabases(config); } };
}

async function timeQuery(url: string, token: string, first: number): Promise<number> {
  const started = performance.now();
  const response = await postGraphQL(url, listQuery, { first }, { token });
  const elapsed = performance.now() - started;
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return elapsed;
}


async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'invitations') return benchInvitations();
  if (process.env.BENCH_ONLY === 'metering') return benchMetering();
  if (process.env.BENCH_ONLY === 'inquiries') return benchInquiries();
  if (process.env.BENCH_ONLY === 'load') return benchLoad();
  if (process.env.BENCH_ONLY === 'permissions') return benchPermissionResolution();
  if (process.env.BENCH_ONLY === 'subscriptions') return benchSubscriptions();
  const shielded = await seededStack(false);
  const bare = await seededStack(true);
  try {
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await timeQuery(shielded.stack.gatewayUrl, shielded.token, 100);
      await timeQuery(bare.stack.gatewayUrl, bare.token, 100);
    }
    for (let i = 0; i < rounds; i += 1) {
      on.push(await timeQuery(shielded.stack.gatewayUrl, shielded.token, 100));
      off.push(await timeQuery(bare.stack.gatewayUrl, bare.token, 100));
    }
    console.log(`users(first: 100), ${members + 1} members, 9 fields + roles + effectivePermissions, ${rounds} rounds interleaved`);
    console.log(`  shield on : median ${median(on).toFixed(1)} ms`);
    console.log(`  shield off: median ${median(off).toFixed(1)} ms`);
    console.log(`  ratio on/off: ${(median(on) / median(off)).toFixed(2)}x`);

    const statements = async (first: number) => {
      const { identity, 'access-control': accessControl } = shielded.stack.apps;
      const before = [identity.queries.count, accessControl.queries.count];
      await timeQuery(shielded.stack.gatewayUrl, shielded.token, first);
      return [identity.queries.count - before[0], accessControl.queries.count - before[1]];
    };
    const [small, large] = [await statements(10), await statements(100)];
    console.log('SQL statements for users(first: N) { edges { node { … roles effectivePermissions } } }');
    console.log(`  first: 10  -> identity ${small[0]}, access-control ${small[1]}`);
    console.log(`  first: 100 -> identity ${large[0]}, access-control ${large[1]}`);
    console.log(`  ratio 100/10: identity ${(large[0] / small[0]).toFixed(2)}x, access-control ${(large[1] / small[1]).toFixed(2)}x`);
  } finally {
    await shielded.stop();
    await bare.stop();
  }
  await benchPermissionResolution();
  await benchSubscriptions();
  await benchLargeOrganization();
  await benchInvitations();
  await benchInquiries();
  await benchMetering();
  await benchLoad();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
