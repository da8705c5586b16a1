import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { decode as decodeJwt } from 'jsonwebtoken';
import { callRoute, parsePrivateKey, signAccessToken, RequestSigner, variablePrefix } from '@gatehouse/shared';
import { viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { Seed, postGraphQL } from '@gatehouse/shared/testing';
import { loadGatehouseConfig, subgraphRegistry } from '../../src/registry';
import { startEmbeddedStack } from '../../src/stack';
import { RunningService, cpuMs, rssMb, startBareGateway, startService, stopProcess } from './processes';

/**
 * Issue 17's measurement: every service its own process (`node dist/main.js <service>`) on SQLite,
 * in production mode, an organization of 1,000 members, autocannon at 16 clients, CPU per request read from /proc for
 * each process, three interleaved rounds (min..max). BENCH_QUICK=1 runs short rounds.
 */
const quick = process.env.BENCH_QUICK === '1';
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? (quick ? 4 : 15));
const rounds = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const connections = 16;
const members = Number(process.env.BENCH_LOAD_MEMBERS ?? 1000);
const q1 = 'query Q1 { users(first: 100) { edges { node { id email fullName membershipStatus joinedAt roles { name } } } } }';

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  /** CPU milliseconds per request, per process. */
  cpu: Record<string, number>;
}

/** The organization on a data folder: its admin's token, members imported in bulk (no password hashing). */
async function seeded(dataDir: string): Promise<{ token: string; accountId: string; organizationId: string }> {
  const config = loadGatehouseConfig({ ...process.env, NODE_ENV: 'development', GATEHOUSE_DATA_DIR: dataDir, OUTBOX_POLL_MS: '100' } as NodeJS.ProcessEnv);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  try {
    const organization = await new Seed(stack.gatewayUrl).organization('Load');
    const rows = Array.from({ length: members - 1 }, (_, i) => `member${i}@load.example.com,Member,${i},Viewer`).join('\n');
    const imported = await postGraphQL(stack.gatewayUrl, 'mutation($input: ImportUsersInput!) { importUsers(input: $input) { import { status } userErrors { code message } } }', { input: { csv: `email,name,lastName,role\n${rows}\n` } }, { token: organization.admin.token });
    if (imported.errors || imported.data?.importUsers.userErrors.length) throw new Error(JSON.stringify(imported));
    // Access control learns of the members through events: wait until a page shows each with a role.
    for (const deadline = Date.now() + 120_000; ; await new Promise((resolve) => setTimeout(resolve, 500))) {
      const page = await postGraphQL(stack.gatewayUrl, 'query { users(first: 100, orderBy: { field: JOINED, direction: DESC }) { totalCount edges { node { roles { name } } } } }', {}, { token: organization.admin.token });
      const data = page.data?.users;
      if (data?.totalCount === members && data.edges.every((e: { node: { roles: unknown[] } }) => e.node.roles.length > 0)) break;
      if (Date.now() > deadline) throw new Error(`seeding did not settle: ${JSON.stringify(page).slice(0, 500)}`);
    }
    return { token: organization.admin.token, accountId: organization.admin.accountId, organizationId: organization.id };
  } finally {
    await stack.stop();
  }
}

/** The services as separate processes on the seeded folder (its secrets and SQLite files), each on its own port. */
async function started(dataDir: string, admin: { accountId: string; organizationId: string }): Promise<{ services: RunningService[]; gatewayUrl: string; bareUrl: string }> {
  const base = 30_000 + Math.floor(Math.random() * 2000) * 10;
  const port = (i: number) => base + i;
  const names = [...subgraphRegistry.map((s) => s.name), 'gateway'];
  const urls = Object.fromEntries(subgraphRegistry.map((s, i) => [`${variablePrefix(s.name)}_URL`, `http://127.0.0.1:${port(i)}/graphql`]));
  // Production, as deployed (libraries drop their development checks): the secrets the seeding generated, given explicitly.
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { jwt: string; signingKeys: Record<string, string> };
  const keys = Object.fromEntries(Object.entries(secrets.signingKeys).map(([service, key]) => [`${variablePrefix(service)}_SIGNING_KEY`, key]));
  const env = { NODE_ENV: 'production', JWT_SECRET: secrets.jwt, ...keys, GATEHOUSE_DATA_DIR: dataDir, OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000', GATEWAY_PORT: String(port(names.length - 1)), ...urls, ...Object.fromEntries(subgraphRegistry.map((s, i) => [`${variablePrefix(s.name)}_PORT`, String(port(i))])) };
  const services: RunningService[] = [];
  for (const [i, name] of names.entries()) services.push(await startService(name, name, port(i), env));
  // The bare peer signs every fetch with the admin's viewer as Gatehouse's gateway would resolve it (asked of access control once).
  const signer = new RequestSigner('gateway', parsePrivateKey(secrets.signingKeys.gateway)!);
  const { permissions } = await callRoute(viewerPermissionsRoute, urls.ACCESS_CONTROL_URL, admin, { signer, timeoutMs: 5000 });
  const viewer = { kind: 'member', accountId: admin.accountId, organizationId: admin.organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions };
  const subgraphUrls = Object.fromEntries(subgraphRegistry.map((s, i) => [s.name, `http://127.0.0.1:${port(i)}/graphql`]));
  services.push(await startBareGateway(port(names.length), { GATEWAY_SIGNING_KEY: secrets.signingKeys.gateway, BARE_VIEWER: JSON.stringify(viewer), BARE_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) }));
  return { services, gatewayUrl: services.find((s) => s.name === 'gateway')!.url, bareUrl: services.at(-1)!.url };
}

async function measure(url: string, token: string, body: string, watched: RunningService[]): Promise<Sample> {
  const before = watched.map((s) => cpuMs(s.process.pid!));
  const result = await autocannon({ url, method: 'POST', connections, duration: seconds, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const after = watched.map((s) => cpuMs(s.process.pid!));
  if (result.non2xx || result.errors) throw new Error(`load run failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const requests = result.requests.total;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: Object.fromEntries(watched.map((s, i) => [s.name, (after[i] - before[i]) / requests])) };
}

const range = (values: number[], digits = 1) => `${[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(digits)} (${Math.min(...values).toFixed(digits)}..${Math.max(...values).toFixed(digits)})`;

/**
 * The seeded folder: a fresh temporary one, or BENCH_LOAD_DATA_DIR, seeded on first use and kept
 * (repeated runs while profiling skip the seeding; the folder's SQLite files can be inspected).
 */
async function dataFolder(): Promise<{ dataDir: string; admin: Awaited<ReturnType<typeof seeded>>; keep: boolean }> {
  const kept = process.env.BENCH_LOAD_DATA_DIR;
  if (!kept) {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-load-'));
    return { dataDir, admin: await seeded(dataDir), keep: false };
  }
  const marker = join(kept, 'seeded-admin.json');
  if (existsSync(marker)) {
    // The seeding's access token may have expired since: the same session's, signed anew with the folder's secret.
    const admin = JSON.parse(readFileSync(marker, 'utf8')) as Awaited<ReturnType<typeof seeded>>;
    const { jwt } = JSON.parse(readFileSync(join(kept, 'secrets.json'), 'utf8')) as { jwt: string };
    const claims = decodeJwt(admin.token) as { sub: string; org: string; sid: string };
    return { dataDir: kept, admin: { ...admin, token: signAccessToken({ accountId: claims.sub, organizationId: claims.org, sessionFamilyId: claims.sid }, jwt, 3600).token }, keep: true };
  }
  mkdirSync(kept, { recursive: true });
  const admin = await seeded(kept);
  writeFileSync(marker, JSON.stringify(admin));
  return { dataDir: kept, admin, keep: true };
}

export async function benchLoad(): Promise<void> {
  const { dataDir, admin, keep } = await dataFolder();
  let services: RunningService[] = [];
  try {
    const { token } = admin;
    const running = await started(dataDir, admin);
    services = running.services;
    const idle = Object.fromEntries(services.map((s) => [s.name, rssMb(s.process.pid!)]));
    const body = JSON.stringify({ query: q1 });
    for (const url of [running.gatewayUrl, running.bareUrl]) {
      const answer = await postGraphQL(url, q1, {}, { token });
      if (answer.errors || answer.data?.users.edges.length !== 100) throw new Error(`Q1 does not answer at ${url}: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    const byName = (...names: string[]) => services.filter((s) => names.includes(s.name));
    const through = { gatehouse: byName('gateway', 'identity', 'access-control'), bare: byName('bare gateway', 'identity', 'access-control') };
    await measure(running.gatewayUrl, token, body, through.gatehouse); // warm-up, both
    await measure(running.bareUrl, token, body, through.bare);
    const samples = { gatehouse: [] as Sample[], bare: [] as Sample[] };
    // Interleaved: each round measures Gatehouse's gateway, then the bare one, on the same subgraph processes.
    for (let round = 0; round < rounds; round += 1) {
      samples.gatehouse.push(await measure(running.gatewayUrl, token, body, through.gatehouse));
      samples.bare.push(await measure(running.bareUrl, token, body, through.bare));
    }
    const total = (x: Sample) => Object.values(x.cpu).reduce((a, b) => a + b, 0);
    console.log(`Q1 (users(first: 100) with roles), services as processes on SQLite (production mode), ${members} members, ${connections} clients, ${rounds} interleaved rounds of ${seconds} s: median (min..max)`);
    for (const [label, list, gatewayName] of [['Gatehouse gateway', samples.gatehouse, 'gateway'], ['bare @apollo/gateway', samples.bare, 'bare gateway']] as const) {
      console.log(`  ${label}: rps ${range(list.map((s) => s.rps))}   p50 ${range(list.map((s) => s.p50), 0)} ms   p99 ${range(list.map((s) => s.p99), 0)} ms`);
      for (const name of [gatewayName, 'identity', 'access-control']) console.log(`    CPU per request, ${name.padEnd(15)} ${range(list.map((x) => x.cpu[name]), 2)} ms`);
      console.log(`    CPU per request, all three      ${range(list.map(total), 2)} ms`);
    }
    const ratios = samples.gatehouse.map((g, i) => g.cpu.gateway / samples.bare[i].cpu['bare gateway']);
    console.log(`  gateway CPU per request, Gatehouse / bare Apollo, per round: ${range(ratios, 2)} (goal at most 1.10)`);
    console.log(`  RSS idle -> loaded (MB): ${services.map((s) => `${s.name} ${idle[s.name].toFixed(0)} -> ${rssMb(s.process.pid!).toFixed(0)}`).join(', ')}`);
  } finally {
    await Promise.all(services.map(stopProcess));
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}
