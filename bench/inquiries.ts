import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Seed, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { startEmbeddedStack } from '../src/stack';
import { subgraphRegistry } from '../src/registry';
import { spreadRanks } from '../subgraphs/inquiries/src/modules/board/board-rank';
import type { Inquiry } from '../subgraphs/inquiries/src/modules/inquiries/inquiry.entity';

type InquiryStatus = Inquiry['status'];
const inquiryStatuses: InquiryStatus[] = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];

/**
 * The inquiries board: an organization with 10,000 inquiries beside one with 100, in the same
 * database, read through the gateway (four columns, each a page with its count, cards with their
 * author's name). SQL statements per subgraph must not grow with the page or the board, and the
 * time per page should stay close; rounds are interleaved between the two organizations. Inquiries
 * are inserted directly (10,000 sends would measure the mail and audit paths instead).
 */
const large = Number(process.env.BENCH_INQUIRIES ?? 10_000);
const rounds = Number(process.env.BENCH_INQUIRY_ROUNDS ?? 15);
const boardQuery = `query($first: Int, $after: String) { inquiryBoard {
  open(first: $first, after: $after) { totalCount edges { cursor node { id title status replyCount createdAt type { name } subtype { name } author { fullName } } } pageInfo { endCursor } }
  inProgress(first: $first) { totalCount edges { node { id title author { fullName } } } }
  resolved(first: $first) { totalCount edges { node { id title author { fullName } } } }
  closed(first: $first) { totalCount edges { node { id title author { fullName } } } } } }`;

async function seedInquiries(dataSource: import('typeorm').DataSource, organizationId: string, authors: string[], count: number): Promise<void> {
  const byStatus = new Map<InquiryStatus, number>(inquiryStatuses.map((s, i) => [s, Math.floor(count / 4) + (i < count % 4 ? 1 : 0)]));
  const start = Date.UTC(2026, 0, 1);
  let n = 0;
  for (const status of inquiryStatuses) {
    const ranks = spreadRanks(byStatus.get(status)!);
    for (let offset = 0; offset < ranks.length; offset += 500) {
      const rows: Inquiry[] = ranks.slice(offset, offset + 500).map((rank) => {
        const createdAt = new Date(start + (n += 1) * 60_000);
        return {
          id: randomUUID(), organizationId, authorId: authors[n % authors.length], type: 'FEATURE', subtype: 'CHAT', title: `Inquiry ${n}`, message: 'How do I …?', status, rank,
          assigneeId: null, requestedDailyTokens: null, requestedRoleId: null, requestedSpaceId: null, requestedGroupId: null, requestAppliedAt: null, requestAppliedBy: null, requestClaimedAt: null,
          createdAt, updatedAt: createdAt, replyCount: n % 3, noteCount: 0,
        };
      });
      // By name: the stack's entity class, not this file's copy of it.
      await dataSource.getRepository('Inquiry').insert(rows);
    }
  }
}

export async function benchInquiries(): Promise<void> {
  const config = testConfig({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' }, subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  const seed = new Seed(stack.gatewayUrl);
  const dataSource = stack.apps.inquiries.dataSource;
  try {
    const small = await seed.organization('Small board');
    const big = await seed.organization('Big board');
    // Twenty authors per board, so each page names several (identity answers them in one batch).
    const authorsOf = async (org: typeof small) => {
      const ids = [org.admin.accountId];
      for (let i = 0; i < 19; i += 1) {
        const response = await postGraphQL(stack.gatewayUrl, 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }', { input: { email: `author${i}.${org.id}@example.com`, name: `Author ${i}`, password: 'correct horse battery staple' } }, { token: org.admin.token });
        ids.push(response.data!.createUser.user.id);
      }
      return ids;
    };
    await seedInquiries(dataSource, small.id, await authorsOf(small), 100);
    await seedInquiries(dataSource, big.id, await authorsOf(big), large);
    const call = async (token: string, variables: Record<string, unknown>) => {
      const response = await postGraphQL(stack.gatewayUrl, boardQuery, variables, { token });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data!.inquiryBoard as { open: { totalCount: number; edges: unknown[]; pageInfo: { endCursor: string } } };
    };
    const names = ['identity', 'access-control', 'inquiries'];
    const statements = async (token: string, first: number, after?: string) => {
      await call(token, { first, after }); // warms the viewer cache
      const before = names.map((n) => stack.apps[n].queries.count);
      await call(token, { first, after });
      return names.map((n, i) => stack.apps[n].queries.count - before[i]);
    };
    const deepCursor = async (token: string) => {
      let after: string | undefined;
      for (let page = 0; page < 10; page += 1) after = (await call(token, { first: 50, after })).open.pageInfo.endCursor;
      return after!;
    };
    const cursors = { small: await deepCursor(small.admin.token), big: await deepCursor(big.admin.token) };
    const count = (await call(big.admin.token, { first: 1 })).open.totalCount;
    console.log(`inquiryBoard: four columns with counts and each card's author (${dataSource.options.type}), ${large.toLocaleString('en-US')} inquiries (open ${count}) beside 100`);
    console.log('SQL statements per board read');
    for (const [label, token, after] of [['100 inquiries, first: 10', small.admin.token, undefined], ['100 inquiries, first: 50', small.admin.token, undefined], [`${large} inquiries, first: 10`, big.admin.token, undefined], [`${large} inquiries, first: 50`, big.admin.token, undefined], [`${large} inquiries, first: 50 after 500 cards`, big.admin.token, cursors.big]] as const) {
      const first = label.includes('first: 10') ? 10 : 50;
      const counted = await statements(token, first, after);
      console.log(`  ${label.padEnd(44)} ${names.map((n, i) => `${n} ${counted[i]}`).join(', ')}`);
    }
    const time = async (token: string, after?: string) => {
      const started = performance.now();
      await call(token, { first: 50, after });
      return performance.now() - started;
    };
    const samples = { small: [] as number[], big: [] as number[], smallDeep: [] as number[], bigDeep: [] as number[] };
    for (let i = 0; i < rounds; i += 1) {
      samples.small.push(await time(small.admin.token));
      samples.big.push(await time(big.admin.token));
      samples.smallDeep.push(await time(small.admin.token, cursors.small));
      samples.bigDeep.push(await time(big.admin.token, cursors.big));
    }
    const line = (label: string, a: number[], b: number[]) => {
      const [ma, mb] = [a, b].map((v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]);
      console.log(`  ${label.padEnd(28)} 100: ${ma.toFixed(1)} ms (${Math.min(...a).toFixed(1)}..${Math.max(...a).toFixed(1)})   ${large}: ${mb.toFixed(1)} ms (${Math.min(...b).toFixed(1)}..${Math.max(...b).toFixed(1)})   ratio ${(mb / ma).toFixed(2)}x`);
    };
    console.log(`time per board read through the gateway (first: 50), median of ${rounds} interleaved (min..max)`);
    line('first page', samples.small, samples.big);
    line('after 500 cards', samples.smallDeep, samples.bigDeep);
  } finally {
    await stack.stop();
    await dropTestDatabases(config);
  }
}
