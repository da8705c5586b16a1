import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { generateServiceKeyPair, signingServicesOf, variablePrefix } from '@gatehouse/shared';
import { subgraphRegistry } from '../../src/registry';
import { Seed, SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { SubscriptionClients, endOf, settle, until } from '../support/subscription-clients';
import { distributedTopology, holdsJwtSecret, instancesOf } from '../support/distributed-topology';

const databaseUrl = process.env.TEST_DATABASE_URL!;
const redisUrl = process.env.TEST_REDIS_URL!;
const main = join(__dirname, '..', '..', 'dist', 'main.js');
const basePort = 24000 + Math.floor(Math.random() * 2000) * distributedTopology.length;
const portOf = (name: string) => basePort + distributedTopology.findIndex((s) => s.name === name);
const urlOf = (name: string) => `http://127.0.0.1:${portOf(name)}/graphql`;

interface Service {
  name: string;
  process: ChildProcess;
  output: string[];
}

/**
 * Distributed mode for real: every service its own process (the built dist/main.js) against
 * MariaDB and Redis, with two gateways and two access-control instances sharing one consumer group.
 */
describe('distributed mode: separate processes on MariaDB and Redis Streams', () => {
  const prefix = `ghd_${randomBytes(3).toString('hex')}_`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_PREFIX: prefix,
    REDIS_URL: redisUrl,
    EVENT_STREAM: `test:${prefix}events`,
    EVENT_CLAIM_IDLE_MS: '500',
    GATEHOUSE_DATA_DIR: join('/tmp', `${prefix}data`),
    OUTBOX_POLL_MS: '200',
    VIEWER_CACHE_TTL_MS: '60000',
    // Short enough that a frozen instance is noticed within the test, long enough that a busy one
    // (200 concurrent reservations on two cores) still answers its pings in time.
    SUBSCRIPTION_KEEPALIVE_MS: '2000',
    // Subgraphs reach one another at their first instance (compose: a network alias over all of them).
    ...Object.fromEntries(subgraphRegistry.map((s) => [`${variablePrefix(s.name)}_URL`, urlOf(instancesOf(s.name)[0])])),
  };
  // Each process gets only its own private key and the public keys of those it accepts calls from,
  // as in docker-compose.yml: no subgraph can sign as the gateway or as another service.
  // The access-token secret too goes only to identity (which issues tokens) and the gateways (which verify them).
  const pairs = new Map(signingServicesOf(subgraphRegistry).map((service) => [service, generateServiceKeyPair()]));
  const jwtSecret = randomBytes(32).toString('hex');
  /** A service's own private key (if it signs), every other signer's public key, the token secret if it uses it. */
  const keysOf = (runs: string): Record<string, string> => ({
    ...Object.fromEntries([...pairs].map(([service, pair]) => (service === runs ? [`${variablePrefix(service)}_SIGNING_KEY`, pair.signingKey] : [`${variablePrefix(service)}_VERIFY_KEYS`, pair.verifyKey]))),
    ...(holdsJwtSecret(runs) ? { JWT_SECRET: jwtSecret } : {}),
  });
  const services: Service[] = [];
  const gateways = distributedTopology.filter((s) => s.runs === 'gateway').map((s) => urlOf(s.name));

  const start = (name: string, service: string, extra: Record<string, string>): Service => {
    const child = spawn(process.execPath, [main, service], { env: { ...env, ...keysOf(service), ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    const started: Service = { name, process: child, output: [] };
    child.stdout!.on('data', (d) => started.output.push(String(d)));
    child.stderr!.on('data', (d) => started.output.push(String(d)));
    services.push(started);
    return started;
  };
  const ready = async (url: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(new URL('/ready', url)).then((r) => r.ok, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${url} not ready:\n${services.map((s) => `${s.name}: ${s.output.join('')}`).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const eventually = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) {
        const redis = new Redis(redisUrl);
        const groups = await redis.xinfo('GROUPS', env.EVENT_STREAM);
        const pending = await redis.xpending(env.EVENT_STREAM, 'access-control', '-', '+', 20);
        await redis.quit();
        throw new Error(`timed out; groups ${JSON.stringify(groups)} pending ${JSON.stringify(pending)}; services said:\n${services.map((s) => `${s.name}: ${s.output.join('').slice(-3000)}`).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /**
   * The invitations subgraph's own consumer group follows access control's and identity's events
   * from Redis: a deleted role's invitation moves to the default role, an archived space's is closed.
   */
  const invitationsFollowDeletions = async (gateway: string, token: string, defaultRoleId: string) => {
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await postGraphQL(gateway, query, variables, { token });
      expect(response.errors).toBeUndefined();
      const payload = Object.values(response.data!)[0] as { userErrors?: unknown[] };
      expect(payload.userErrors ?? []).toEqual([]);
      return payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const roleId = (await gql('mutation { createRole(input: { name: "Short-lived", grants: [{ area: DASHBOARD, level: READ }] }) { role { id } userErrors { code } } }')).role.id;
    const spaceId = (await gql('mutation { createSpace(input: { name: "Closing" }) { space { id } userErrors { code } } }')).space.id;
    const invite = 'mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id } userErrors { code } } }';
    await gql(invite, { input: { email: 'role.gone@example.com', roleId } });
    await gql(invite, { input: { email: 'space.gone@example.com', spaceId } });
    await gql('mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { deletedRoleId userErrors { code } } }', { input: { roleId } });
    await gql('mutation($input: SpaceIdInput!) { archiveSpace(input: $input) { space { id } userErrors { code } } }', { input: { spaceId } });
    const listed = async () => {
      const nodes = (await gql('{ invitations(first: 10) { edges { node { email status role { id } } } } }')).edges.map((e: { node: { email: string; status: string; role: { id: string } } }) => e.node);
      return Object.fromEntries(nodes.map((n: { email: string; status: string; role: { id: string } }) => [n.email, { status: n.status, roleId: n.role.id }]));
    };
    await eventually(async () => {
      const seen = await listed();
      return seen['role.gone@example.com']?.roleId === defaultRoleId && seen['space.gone@example.com']?.status === 'REVOKED';
    });
    expect(await listed()).toEqual({ 'role.gone@example.com': { status: 'PENDING', roleId: defaultRoleId }, 'space.gone@example.com': { status: 'REVOKED', roleId: defaultRoleId } });
  };

  beforeAll(async () => {
    // The topology docker-compose.yml describes, started in waves: each subgraph in the registry's order, then the gateways.
    const settingsOf = (s: (typeof distributedTopology)[number]): Record<string, string> =>
      s.runs === 'gateway'
        ? { GATEWAY_PORT: String(portOf(s.name)), ...Object.fromEntries(Object.entries(s.reaches).map(([subgraph, instance]) => [`${variablePrefix(subgraph)}_URL`, urlOf(instance)])) }
        : { [`${variablePrefix(s.runs)}_PORT`]: String(portOf(s.name)), [`${variablePrefix(s.runs)}_URL`]: urlOf(s.name) };
    for (const wave of [...subgraphRegistry.map((s) => s.name), 'gateway']) {
      const members = distributedTopology.filter((s) => s.runs === wave);
      for (const s of members) start(s.name, s.runs, settingsOf(s));
      await Promise.all(members.map((s) => ready(urlOf(s.name))));
    }
    // The install's first organization (self sign-ups join it).
    acme = await new Seed(gateways[0]).organization('Acme');
  }, 90_000);
  let acme: SeededOrganization;

  const clients = gateways.map((url) => new SubscriptionClients(() => url));

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.disposeAll()));
    for (const service of services) service.process.kill('SIGKILL');
    const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
    const connection = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password) });
    for (const { name } of subgraphRegistry) await connection.query(`DROP DATABASE IF EXISTS \`${prefix}${name.replace(/-/g, '_')}\``).catch(() => undefined);
    await connection.end();
  });

  it('token reservations for one member through both gateways, each on its own metering instance, grant exactly the headroom; limit alerts reach subscribers on the other instance', async () => {
    const gql = async (gateway: string, query: string, variables: Record<string, unknown>, token = acme.admin.token) => {
      const response = await postGraphQL(gateway, query, variables, { token });
      expect(response.errors).toBeUndefined();
      return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    // The organization's roles arrive through access control's consumer group: its admin may act once they have.
    const createUser = 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }';
    let userId = '';
    await eventually(async () => {
      const response = await postGraphQL(gateways[0], createUser, { input: { email: 'reserved@example.com', name: 'Res', password: 'correct horse battery staple' } }, { token: acme.admin.token });
      userId = response.data?.createUser?.user?.id ?? '';
      return userId !== '';
    });
    const key = (await gql(gateways[0], 'mutation { createApiKey(input: { name: "Platform", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {})).createApiKey.secret as string;
    const set = await gql(gateways[1], 'mutation($input: SetTokenLimitInput!) { setTokenLimit(input: $input) { userErrors { code } } }', { input: { level: 'USER', targetId: userId, dailyTokens: 1000 } });
    expect(set.setTokenLimit.userErrors).toEqual([]);
    const reserve = 'mutation($input: ReserveTokensInput!) { reserveTokens(input: $input) { hold { id } userErrors { code } } }';
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => gql(gateways[i % 2], reserve, { input: { userId, estimate: 100, requestId: `split-${i}` } }, key)));
    expect(answers.filter((a) => a.reserveTokens.hold)).toHaveLength(10);
    expect(answers.filter((a) => a.reserveTokens.userErrors[0]?.code === 'LIMIT_EXCEEDED')).toHaveLength(190);

    // Usage recorded on metering-1 crosses 80%: the subscriber on metering-2 hears it (Redis pub/sub), once.
    const alerts = clients[1].watch(clients[1].connect({ token: acme.admin.token }), 'subscription { tokenLimitReached { user { id } percent usedToday } }');
    await settle(1000);
    const record = 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }';
    for (const id of ['split-usage-1', 'split-usage-2']) {
      await gql(gateways[0], record, { input: { events: [{ id, occurredAt: new Date().toISOString(), computeType: 'LLM', userId, inputTokens: 450, costMicroUsd: 1 }] } }, key);
    }
    await until(() => alerts.events.length >= 1, 10_000);
    await settle(500);
    expect(alerts.errors).toEqual([]);
    expect(alerts.events.map((e) => e.data.tokenLimitReached)).toEqual([{ user: { id: userId }, percent: 80, usedToday: 900 }]);
  }, 60_000);

  it('inquiries: cards sent and dropped through both gateways, each on its own inquiries instance, keep one rank each; the board hears every change on the other instance', async () => {
    const gql = async (gateway: string, query: string, variables: Record<string, unknown>, token = acme.admin.token) => {
      const response = await postGraphQL(gateway, query, variables, { token });
      expect(response.errors).toBeUndefined();
      return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const watching = clients[1].watch(clients[1].connect({ token: acme.admin.token }), 'subscription { inquiryBoardChanged { change inquiry { id } } }');
    await settle(1000);
    const send = 'mutation($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { id } userErrors { code } } }';
    const cards = await Promise.all(Array.from({ length: 8 }, (_, i) => gql(gateways[i % 2], send, { input: { type: 'FEATURE', subtype: 'TOOLS', title: `Card ${i}`, message: 'Across instances' } })));
    const ids = cards.map((c) => c.sendInquiry.inquiry.id as string);
    // Every card dropped at once right after the first, half through each gateway.
    const move = 'mutation($input: MoveInquiryInput!) { moveInquiry(input: $input) { userErrors { code } } }';
    await gql(gateways[0], move, { input: { inquiryId: ids[0], status: 'IN_PROGRESS' } });
    const drops = await Promise.all(ids.slice(1).map((id, i) => gql(gateways[i % 2], move, { input: { inquiryId: id, status: 'IN_PROGRESS', afterInquiryId: ids[0] } })));
    expect(drops.map((d) => d.moveInquiry.userErrors)).toEqual(ids.slice(1).map(() => []));
    const column = (await gql(gateways[1], '{ inquiryBoard { inProgress(first: 50) { totalCount edges { node { id } } } } }', {})).inquiryBoard.inProgress;
    expect(column.totalCount).toBe(ids.length);
    expect(column.edges[0].node.id).toBe(ids[0]);
    expect(new Set(column.edges.map((e: { node: { id: string } }) => e.node.id))).toEqual(new Set(ids));
    await until(() => watching.events.length >= 2 * ids.length, 10_000);
    await settle(500);
    expect(watching.errors).toEqual([]);
    const heard = watching.events.map((e) => e.data.inquiryBoardChanged);
    expect(heard.filter((h) => h.change === 'CREATED').map((h) => h.inquiry.id).sort()).toEqual([...ids].sort());
    expect(heard.filter((h) => h.change === 'MOVED')).toHaveLength(ids.length);
  }, 60_000);

  it('events reach each service once across instances; a role change on one gateway counts at once on the other and reaches subscribers on both; a frozen instance ends its subscriptions; with one instance killed the other keeps consuming', async () => {
    const seed2 = new Seed(gateways[1]);
    // organization.created seeded the roles exactly once, though two access-control instances consume.
    await eventually(async () => ((await postGraphQL(gateways[1], '{ roles { key } }', {}, { token: acme.admin.token })).data?.roles?.length ?? 0) > 0);
    const roles = (await postGraphQL(gateways[1], '{ roles { id key } }', {}, { token: acme.admin.token })).data!.roles as { id: string; key: string }[];
    expect(new Set(roles.map((r) => r.key)).size).toBe(roles.length);
    await invitationsFollowDeletions(gateways[0], acme.admin.token, roles.find((r) => r.key === 'VIEWER')!.id);

    const member = await seed2.signUp({ name: 'Mia' });
    await eventually(async () => !(await postGraphQL(gateways[0], 'mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, status: 'ACTIVE' } }, { token: acme.admin.token })).data?.setMembershipStatus.userErrors.length);
    const memberToken = await seed2.logIn(member.email, member.password);
    // Mia (Viewer) may not create spaces; her viewer is now cached on gateway 2 for a minute.
    expect(errorCodes(await postGraphQL(gateways[1], 'mutation { createSpace(input: { name: "Mine" }) { userErrors { code } } }', {}, { token: memberToken }))).toEqual(['FORBIDDEN']);
    // Mia watches her permissions through both gateways, each on its own access-control instance.
    const changes = 'subscription { viewerPermissionsChanged { user { email } changes { area from to } } }';
    const watching = clients.map((c) => c.watch(c.connect({ token: memberToken }), changes));
    await settle(1000);
    const admin = roles.find((r) => r.key === 'ADMIN')!.id;
    const assigned = await postGraphQL(gateways[0], 'mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, roleId: admin } }, { token: acme.admin.token });
    expect(assigned.data!.assignRole.userErrors).toEqual([]);
    await eventually(async () => !(await postGraphQL(gateways[1], 'mutation { createSpace(input: { name: "Mine" }) { space { id } } }', {}, { token: memberToken })).errors);
    // The change was announced by whichever instance took it from the live group, once, and heard
    // on both (Redis pub/sub): one of the two subscriptions got an event another instance published.
    await until(() => watching.every((w) => w.events.length >= 1), 10_000);
    await settle(1000);
    for (const w of watching) {
      expect(w.errors).toEqual([]);
      expect(w.events).toHaveLength(1);
      expect(w.events[0].data.viewerPermissionsChanged).toEqual({ user: { email: member.email }, changes: expect.arrayContaining([expect.objectContaining({ area: 'SPACES', to: 'WRITE' })]) });
    }

    // An instance that freezes (no crash, no closed socket) ends its subscriptions with a clear error, not a hang.
    const frozen = services.find((s) => s.name === 'access-control-1')!;
    frozen.process.kill('SIGSTOP');
    await endOf(watching[0], 10_000);
    expect(JSON.stringify(watching[0].errors)).toContain('SUBGRAPH_UNAVAILABLE');
    expect(watching[1].errors).toEqual([]); // the other instance's subscription lives on

    // The frozen access-control instance dies; the other keeps consuming the group's events.
    frozen.process.kill('SIGKILL');
    const late = await seed2.signUp({ name: 'Lou' });
    await eventually(async () => {
      const response = await postGraphQL(gateways[1], 'query($id: ID!) { user(id: $id) { roles { key } } }', { id: late.accountId }, { token: acme.admin.token });
      return (response.data?.user?.roles ?? []).length === 1;
    });
    // The surviving instance announces the next change too: the live subscription on it hears it.
    const revoked = await postGraphQL(gateways[1], 'mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, roleId: admin } }, { token: acme.admin.token });
    expect(revoked.data!.revokeRole.userErrors).toEqual([]);
    await until(() => watching[1].events.length >= 2, 10_000);
    expect(watching[1].events[1].data.viewerPermissionsChanged.changes).toEqual(expect.arrayContaining([expect.objectContaining({ area: 'SPACES', from: 'WRITE' })]));
    // The audit log (identity, also fed from Redis) has each role change exactly once.
    const log = await postGraphQL(gateways[1], 'query($id: ID) { auditLog(filter: { targetId: $id, actions: [ROLE_CHANGE] }) { totalCount } }', { id: member.accountId }, { token: acme.admin.token });
    expect(log.data!.auditLog.totalCount).toBe(2);
  }, 90_000);
});
