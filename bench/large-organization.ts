import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { identitySubgraph } from '@gatehouse/identity/subgraph';
import { inquiriesSubgraph } from '@gatehouse/inquiries/subgraph';
import { invitationsSubgraph } from '@gatehouse/invitations/subgraph';
import { meteringSubgraph } from '@gatehouse/metering/subgraph';
import { InProcessEventBus, Viewer, createSubgraphApp, encodeCursor } from '@gatehouse/shared';
import { dropTestDatabases, executeAs, gatewayTo, testConfig } from '@gatehouse/shared/testing';

/**
 * The users list of a 100,000-member organization beside a 1,000-member one, in the same
 * database: with the per-organization indexes the big one should cost about the same per page.
 * Rows are inserted directly (sign-ups would spend minutes hashing passwords).
 */
const sizes = [1_000, Number(process.env.BENCH_LARGE_ORG ?? 100_000)];
const queries: Record<string, string> = {
  'first page by name': '{ users(first: 20, orderBy: { field: NAME }) { totalCount edges { cursor node { id name email } } } }',
  'first page by last activity, newest first': '{ users(first: 20, orderBy: { field: LAST_ACTIVITY, direction: DESC }) { edges { node { id } } } }',
  'a page deep in the list (by joined date)': 'query($after: String) { users(first: 20, after: $after, orderBy: { field: JOINED }) { edges { node { id } } } }',
  'search as you type ("member 4242")': '{ users(first: 20, filter: { search: "member 4242" }) { totalCount edges { node { id } } } }',
};

export async function benchLargeOrganization(): Promise<void> {
  // Identity verifies the invitations subgraph's calls (accept-invitation): its keys are configured too.
  const config = testConfig(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}, [identitySubgraph, invitationsSubgraph, inquiriesSubgraph, meteringSubgraph]);
  const app = await createSubgraphApp(identitySubgraph, { config, bus: new InProcessEventBus(), relayEvents: false });
  const server = await app.listen(0, '127.0.0.1');
  try {
    const organizations: Seeded[] = [];
    for (const size of sizes) organizations.push(await seedOrganization(app.dataSource, size));
    console.log(`users list in organizations of ${sizes.join(' and ')} members (${app.dataSource.options.type}), median of 15, identity subgraph`);
    for (const [label, query] of Object.entries(queries)) {
      const times: number[] = [];
      for (const { viewer, middleCursor: after } of organizations) {
        const samples: number[] = [];
        for (let i = 0; i < 15; i += 1) {
          const started = performance.now();
          const response = await executeAs(server.url, gatewayTo(config, 'identity'), viewer, query, query.includes('$after') ? { after } : {});
          samples.push(performance.now() - started);
          if (response.errors) throw new Error(JSON.stringify(response.errors));
        }
        times.push(samples.sort((a, b) => a - b)[7]);
      }
      console.log(`  ${label.padEnd(44)} ${sizes[0]}: ${times[0].toFixed(1)} ms   ${sizes[1]}: ${times[1].toFixed(1)} ms   ratio ${(times[1] / times[0]).toFixed(2)}x`);
    }
  } finally {
    await app.stop();
    await dropTestDatabases(config);
  }
}

interface Seeded {
  viewer: Viewer;
  /** Cursor of the member in the middle of the JOINED order. */
  middleCursor: string;
}

export async function seedOrganization(dataSource: import('typeorm').DataSource, size: number): Promise<Seeded> {
  const organizationId = randomUUID();
  const ids = Array.from({ length: size }, () => randomUUID());
  const start = Date.UTC(2025, 0, 1);
  // Through the entities' metadata, so dates are stored as each database expects.
  await dataSource.getRepository('Organization').insert({ id: organizationId, name: `Org ${size}`, firstAccountId: ids[0], designatedSuperAdminId: ids[0], createdAt: new Date(start) });
  for (let offset = 0; offset < size; offset += 500) {
    const chunk = ids.slice(offset, offset + 500);
    const accounts = chunk.map((id, i) => {
      const n = offset + i;
      return { id, email: `member${n}.${size}@example.com`, emailNormalized: `member${n}.${size}@example.com`, name: `Member ${n}`, lastName: `Of ${size}`, passwordHash: 'x', emailConfirmed: n % 2 === 0, createdAt: new Date(start + n * 1000) };
    });
    // Copies: TypeORM writes re-read defaults back into a batch's objects, mismatched on SQLite.
    await dataSource.getRepository('Account').insert(accounts.map((a) => ({ ...a })));
    await dataSource.getRepository('Membership').insert(
      accounts.map((a, i) => ({
        id: randomUUID(),
        accountId: a.id,
        organizationId,
        status: 'ACTIVE',
        sortName: `${a.name} ${a.lastName}`.toLowerCase(),
        searchText: `${a.name} ${a.lastName} ${a.emailNormalized}`.toLowerCase(),
        lastActivityAt: new Date(start + ((offset + i) * 7919 % size) * 1000),
        createdAt: a.createdAt,
      })),
    );
  }
  const middle = Math.floor(size / 2);
  return {
    viewer: { kind: 'member', accountId: ids[0], organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions: { levels: { TEAM_MEMBERS: 'READ' as never }, capabilities: [] } },
    middleCursor: encodeCursor({ value: start + middle * 1000, id: ids[middle] }),
  };
}
