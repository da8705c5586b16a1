import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { callRoute, parsePrivateKey, RequestSigner, variablePrefix } from '@gatehouse/shared';
import { viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { postGraphQL } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { RunningService, cpuMs, rssMb, startPeer, startService, stopProcess } from './processes';
import { DataFolder, seededData } from './seed';

/**
 * Issue 17's measurement: every service its own process (`node dist/main.js <service>`) in
 * production mode, an organization of 1,000 members, autocannon at 16 clients from this process
 * (so the clients' CPU is nobody's), CPU per request read from /proc for each process, every
 * scenario once per round, rounds interleaved (min..max). On SQLite, then on MariaDB when
 * BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306) answers; BENCH_QUICK=1: short rounds, SQLite only.
 */
const quick = process.env.BENCH_QUICK === '1';
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? (quick ? 2 : 10));
const rounds = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const memoryRounds = Number(process.env.BENCH_LOAD_MEMORY_ROUNDS ?? (quick ? 2 : 10));
const connections = 16;
const members = Number(process.env.BENCH_LOAD_MEMBERS ?? 1000);
const q1 = 'query Q1 { users(first: 100) { edges { node { id email fullName membershipStatus joinedAt roles { name } } } } }';
/** Q1 without roles: identity alone answers it. */
const identityPart = 'query Part { users(first: 100) { edges { node { id email fullName membershipStatus joinedAt } } } }';
/** What the gateway's plan sends identity for Q1, sent straight to identity with a signature of its own per request. */
const identityFetch = 'query Part { users(first: 100) { edges { node { __typename id email fullName membershipStatus joinedAt } } } }';
const updateUser = 'mutation U($input: UpdateUserInput!) { updateUser(input: $input) { user { id jobTitle } userErrors { code } } }';

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  /** CPU milliseconds per request, per process. */
  cpu: Record<string, number>;
}

interface Scenario {
  name: string;
  url: string;
  /** The processes whose CPU the scenario's requests use. */
  watched: string[];
  /** Builds each request: the same body, or a new one (a signature, an edit) every time. */
  request: () => { headers: Record<string, string>; body: string };
}

interface Topology {
  services: RunningService[];
  byName(name: string): RunningService;
}

/**
 * Ports for one run, from a random block (several benches may run on one machine), below Linux's
 * ephemeral range (32768 on): an outgoing connection can take a port there before a service binds it.
 */
function portBlock(): (i: number) => number {
  const base = 20_000 + Math.floor(Math.random() * 1200) * 10;
  return (i) => base + i;
}

/** Every service as its own process, plus the peers: bare Apollo, Hive, subgraphs without shield (and their gateway), the embedded stack. */
async function started(data: DataFolder): Promise<Topology & { viewer: object; signer: RequestSigner; urls: Record<string, string> }> {
  const port = portBlock();
  const names = subgraphRegistry.map((s) => s.name);
  const urls = Object.fromEntries(names.map((name, i) => [name, `http://127.0.0.1:${port(i)}/graphql`]));
  // Production, as deployed (libraries drop their development checks): the secrets the seeding generated, given explicitly.
  const secrets = JSON.parse(readFileSync(join(data.dataDir, 'secrets.json'), 'utf8')) as { jwt: string; signingKeys: Record<string, string> };
  const keys = Object.fromEntries(Object.entries(secrets.signingKeys).map(([service, key]) => [`${variablePrefix(service)}_SIGNING_KEY`, key]));
  const subgraphEnv = (offset: number, overrides: Record<string, string> = {}) => ({
    ...Object.fromEntries(names.map((name, i) => [`${variablePrefix(name)}_URL`, overrides[name] ?? urls[name]])),
    ...Object.fromEntries(names.map((name, i) => [`${variablePrefix(name)}_PORT`, String(port(offset + i))])),
  });
  const env = { NODE_ENV: 'production', JWT_SECRET: secrets.jwt, ...keys, ...data.env, OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000', ...subgraphEnv(0), GATEWAY_PORT: String(port(10)) };
  // Identity and access control with shield off, and a Gatehouse gateway that uses them.
  const unshielded = { identity: `http://127.0.0.1:${port(20)}/graphql`, 'access-control': `http://127.0.0.1:${port(21)}/graphql` };
  const unshieldedEnv = { ...env, ...subgraphEnv(20, unshielded), GATEWAY_PORT: String(port(29)) };
  // Started side by side: the subgraphs (and the embedded stack, all in one process, `npm start`'s mode, on the same data), then the gateways.
  const services: RunningService[] = [];
  const startAll = async (starting: Promise<RunningService>[]) => {
    const results = await Promise.allSettled(starting);
    for (const result of results) if (result.status === 'fulfilled') services.push(result.value);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  };
  // All started or none left running: whatever fails on the way stops the processes already up.
  try {
    await startAll([
      ...names.map((name) => startService(name, name, urls[name], env)),
      ...(['identity', 'access-control'] as const).map((name) => startPeer(`unshielded ${name}`, 'unshielded-subgraph.js', [name], unshielded[name], unshieldedEnv, '/ready')),
      startService('embedded', 'all', `http://127.0.0.1:${port(40)}/graphql`, { ...env, ...subgraphEnv(30), GATEWAY_PORT: String(port(40)) }),
    ]);
    await startAll([startService('gateway', 'gateway', `http://127.0.0.1:${port(10)}/graphql`, env), startService('gateway (shield off)', 'gateway', `http://127.0.0.1:${port(29)}/graphql`, unshieldedEnv)]);
    // The peers sign every fetch with the admin's viewer as Gatehouse's gateway would resolve it (asked of access control once).
    const signer = new RequestSigner('gateway', parsePrivateKey(secrets.signingKeys.gateway)!);
    const { admin } = data;
    const { permissions } = await callRoute(viewerPermissionsRoute, urls['access-control'], { organizationId: admin.organizationId, accountId: admin.accountId }, { signer, timeoutMs: 5000 });
    const viewer = { kind: 'member', accountId: admin.accountId, organizationId: admin.organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions };
    const peerEnv = { GATEWAY_SIGNING_KEY: secrets.signingKeys.gateway, BARE_VIEWER: JSON.stringify(viewer), BARE_SUBGRAPH_URLS: JSON.stringify(urls) };
    await startAll([
      startPeer('bare gateway', 'bare-gateway.js', [], `http://127.0.0.1:${port(50)}/`, { ...peerEnv, BARE_PORT: String(port(50)) }, null),
      startPeer('hive gateway', 'hive-gateway.js', [], `http://127.0.0.1:${port(51)}/graphql`, { ...peerEnv, HIVE_PORT: String(port(51)) }, null),
    ]);
    return { services, byName: (name) => services.find((s) => s.name === name)!, viewer, signer, urls };
  } catch (error) {
    await Promise.all(services.map(stopProcess));
    throw error;
  }
}

async function measure(scenario: Scenario, topology: Topology, duration: number): Promise<Sample> {
  const watched = scenario.watched.map((name) => topology.byName(name));
  const before = watched.map((s) => cpuMs(s.process.pid!));
  const result = await autocannon({
    url: scenario.url,
    connections,
    duration,
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...scenario.request(), headers: { 'content-type': 'application/json', ...scenario.request().headers } }) }],
  });
  const after = watched.map((s) => cpuMs(s.process.pid!));
  if (result.non2xx || result.errors) throw new Error(`${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const requests = result.requests.total;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: Object.fromEntries(watched.map((s, i) => [s.name, (after[i] - before[i]) / requests])) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values: number[], digits = 1) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}..${Math.max(...values).toFixed(digits)})`;
const total = (x: Sample) => Object.values(x.cpu).reduce((a, b) => a + b, 0);

function scenarios(topology: Topology & { signer: RequestSigner; viewer: object; urls: Record<string, string> }, admin: DataFolder['admin']): Scenario[] {
  const url = (name: string) => topology.byName(name).url;
  const asAdmin = (query: string) => {
    const fixed = { headers: { authorization: `Bearer ${admin.token}` }, body: JSON.stringify({ query }) };
    return () => fixed;
  };
  const identityPath = new URL(topology.urls.identity).pathname;
  const fetchBody = JSON.stringify({ query: identityFetch });
  let edits = 0;
  return [
    { name: 'Q1 via Gatehouse', url: url('gateway'), watched: ['gateway', 'identity', 'access-control'], request: asAdmin(q1) },
    { name: 'Q1 via bare Apollo', url: url('bare gateway'), watched: ['bare gateway', 'identity', 'access-control'], request: asAdmin(q1) },
    { name: 'Q1 via Hive Gateway', url: url('hive gateway'), watched: ['hive gateway', 'identity', 'access-control'], request: asAdmin(q1) },
    { name: 'Q1, shield off', url: url('gateway (shield off)'), watched: ['gateway (shield off)', 'unshielded identity', 'unshielded access-control'], request: asAdmin(q1) },
    { name: 'Q1 embedded', url: url('embedded'), watched: ['embedded'], request: asAdmin(q1) },
    { name: 'identity part via Gatehouse', url: url('gateway'), watched: ['gateway', 'identity'], request: asAdmin(identityPart) },
    { name: 'identity part via bare Apollo', url: url('bare gateway'), watched: ['bare gateway', 'identity'], request: asAdmin(identityPart) },
    {
      name: 'identity part straight to identity',
      url: topology.urls.identity,
      watched: ['identity'],
      request: () => ({ headers: topology.signer.sign(topology.viewer as never, { audience: 'identity', method: 'POST', path: identityPath, body: fetchBody }), body: fetchBody }),
    },
    // The floor: the smallest request each process serves (the gateway answers __typename alone).
    { name: 'floor: __typename via Gatehouse', url: url('gateway'), watched: ['gateway'], request: asAdmin('{ __typename }') },
    ...(['identity', 'access-control'] as const).map((service) => {
      const path = new URL(topology.urls[service]).pathname;
      const body = JSON.stringify({ query: '{ __typename }' });
      return { name: `floor: __typename straight to ${service}`, url: topology.urls[service], watched: [service], request: () => ({ headers: topology.signer.sign(topology.viewer as never, { audience: service, method: 'POST', path, body }), body }) };
    }),
    {
      name: 'updateUser via Gatehouse',
      url: url('gateway'),
      watched: ['gateway', 'identity', 'access-control'],
      request: () => ({ headers: { authorization: `Bearer ${admin.token}` }, body: JSON.stringify({ query: updateUser, variables: { input: { userId: admin.memberId, jobTitle: `Title ${(edits += 1) % 1000}` } } }) }),
    },
  ];
}

async function benchOn(label: string, mysqlUrl: string | null): Promise<void> {
  const data = await seededData(members, mysqlUrl);
  let topology: Awaited<ReturnType<typeof started>> | null = null;
  try {
    topology = await started(data);
    const idle = Object.fromEntries(topology.services.map((s) => [s.name, rssMb(s.process.pid!)]));
    // BENCH_LOAD_ONLY=<words>: only the scenarios whose name has them (to profile one, with BENCH_CPU_PROF).
    const all = scenarios(topology, data.admin);
    const list = all.filter((s) => !process.env.BENCH_LOAD_ONLY || s.name.includes(process.env.BENCH_LOAD_ONLY));
    for (const scenario of list.filter((s) => !s.name.includes('straight'))) {
      const { body, headers } = scenario.request();
      const answer = await fetch(scenario.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.json() as Promise<{ data?: Record<string, { edges?: unknown[]; userErrors?: unknown[] }>; errors?: unknown }>);
      const [field] = Object.values(answer.data ?? {});
      if (answer.errors || !field || (field.edges && field.edges.length !== 100) || (field.userErrors && field.userErrors.length)) throw new Error(`${scenario.name} does not answer: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    // Warm-up as long as a round: every process's code paths optimized before anything counts.
    for (const scenario of list) await measure(scenario, topology, seconds);
    const samples = new Map<string, Sample[]>(list.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const scenario of list) samples.get(scenario.name)!.push(await measure(scenario, topology, seconds));
    }
    const of = (name: string) => samples.get(name)!;
    if (list.length < all.length) {
      for (const scenario of list) console.log(`  ${scenario.name}: rps ${range(of(scenario.name).map((x) => x.rps))}, CPU ${scenario.watched.map((name) => `${name} ${range(of(scenario.name).map((x) => x.cpu[name]), 2)}`).join(', ')}`);
      return;
    }
    console.log(`Load, ${label}: services as processes (production mode), ${members} members, ${connections} clients, ${rounds} interleaved rounds of ${seconds} s: median (min..max)`);
    for (const scenario of list) {
      const runs = of(scenario.name);
      console.log(`  ${scenario.name}: rps ${range(runs.map((s) => s.rps))}   p50 ${range(runs.map((s) => s.p50), 0)} ms   p99 ${range(runs.map((s) => s.p99), 0)} ms`);
      console.log(`    CPU ms per request: ${scenario.watched.map((name) => `${name} ${range(runs.map((x) => x.cpu[name]), 2)}`).join(', ')}${scenario.watched.length > 1 ? `; all ${range(runs.map(total), 2)}` : ''}`);
    }
    const perRound = (a: string, b: string, value: (x: Sample, y: Sample) => number) => range(of(a).map((x, i) => value(x, of(b)[i])), 2);
    console.log('  ratios, per round:');
    console.log(`    Q1 CPU per request, all processes: ${range(of('Q1 via Gatehouse').map(total), 2)} ms (goal at most 5)`);
    console.log(`    gateway CPU, Gatehouse / bare Apollo: Q1 ${perRound('Q1 via Gatehouse', 'Q1 via bare Apollo', (x, y) => x.cpu.gateway / y.cpu['bare gateway'])}, identity part ${perRound('identity part via Gatehouse', 'identity part via bare Apollo', (x, y) => x.cpu.gateway / y.cpu['bare gateway'])} (goal at most 1.10)`);
    console.log(`    identity part through the gateway / straight to identity, CPU: ${perRound('identity part via Gatehouse', 'identity part straight to identity', (x, y) => total(x) / total(y))} (goal at most 1.3)`);
    console.log(`    rps, Gatehouse / Hive Gateway: ${perRound('Q1 via Gatehouse', 'Q1 via Hive Gateway', (x, y) => x.rps / y.rps)} (goal at least 1.3); Hive / bare Apollo: ${perRound('Q1 via Hive Gateway', 'Q1 via bare Apollo', (x, y) => x.rps / y.rps)}`);
    console.log(`    shield on / off, CPU of identity + access control: ${perRound('Q1 via Gatehouse', 'Q1, shield off', (x, y) => (x.cpu.identity + x.cpu['access-control']) / (y.cpu['unshielded identity'] + y.cpu['unshielded access-control']))}`);
    console.log(`    updateUser p99: ${range(of('updateUser via Gatehouse').map((s) => s.p99), 0)} ms (goal at most 50)`);
    const floorOf = (name: string, service: string) => of(`floor: __typename ${name}`).map((x) => x.cpu[service]);
    const floors = of('Q1 via Gatehouse').map((_, i) => floorOf('via Gatehouse', 'gateway')[i] + floorOf('straight to identity', 'identity')[i] + floorOf('straight to access-control', 'access-control')[i]);
    console.log(`    the floor (CPU of a __typename request): gateway ${range(floorOf('via Gatehouse', 'gateway'), 2)}, identity ${range(floorOf('straight to identity', 'identity'), 2)}, access-control ${range(floorOf('straight to access-control', 'access-control'), 2)} ms; Q1's three requests at least ${range(floors, 2)} ms`);

    // Memory: Q1 round after round; each process's RSS sampled every 200 ms, its peak per round (a
    // sample at the round's end lands anywhere between two garbage collections), and at the end.
    // Flat means the peaks within 10% from the second round on.
    const memory = ['gateway', 'identity', 'access-control'];
    const peaks: Record<string, number[]> = Object.fromEntries(memory.map((name) => [name, []]));
    const ends: Record<string, number[]> = Object.fromEntries(memory.map((name) => [name, []]));
    for (let round = 0; round < memoryRounds; round += 1) {
      const peak: Record<string, number> = Object.fromEntries(memory.map((name) => [name, 0]));
      const sample = () => memory.forEach((name) => (peak[name] = Math.max(peak[name], rssMb(topology!.byName(name).process.pid!))));
      const sampler = setInterval(sample, 200);
      await measure(list[0], topology, seconds);
      clearInterval(sampler);
      sample();
      for (const name of memory) {
        peaks[name].push(peak[name]);
        ends[name].push(rssMb(topology.byName(name).process.pid!));
      }
    }
    const spread = (values: number[]) => (Math.max(...values) - Math.min(...values)) / Math.min(...values);
    const mbs = (values: number[]) => values.map((v) => v.toFixed(0)).join(' ');
    console.log(`  RSS over ${memoryRounds} rounds of Q1 (MB, idle -> peak of each round; spread of the peaks from the second round on, goal within 10%; then at each round's end):`);
    for (const name of memory) {
      console.log(`    ${name.padEnd(15)} ${idle[name].toFixed(0)} -> ${mbs(peaks[name])}   spread ${(100 * spread(peaks[name].slice(1))).toFixed(1)}%`);
      console.log(`    ${''.padEnd(15)} at the end: ${mbs(ends[name])}   spread ${(100 * spread(ends[name].slice(1))).toFixed(1)}%`);
    }
    console.log(`    the rest, idle -> now: ${topology.services.filter((s) => !memory.includes(s.name)).map((s) => `${s.name} ${idle[s.name].toFixed(0)} -> ${rssMb(s.process.pid!).toFixed(0)}`).join(', ')}`);
  } finally {
    if (topology) await Promise.all(topology.services.map(stopProcess));
    await data.dispose();
  }
}

/** True when a MySQL/MariaDB server answers at `url`. */
async function reachable(url: string): Promise<boolean> {
  const { createConnection } = await import('mysql2/promise');
  const parsed = new URL(url);
  try {
    const connection = await createConnection({ host: parsed.hostname, port: Number(parsed.port || 3306), user: decodeURIComponent(parsed.username || 'root'), password: decodeURIComponent(parsed.password), connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

export async function benchLoad(): Promise<void> {
  await benchOn('SQLite', null);
  if (quick) return;
  const mysqlUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  if (await reachable(mysqlUrl)) await benchOn(`MariaDB/MySQL at ${new URL(mysqlUrl).host}`, mysqlUrl);
  else console.log(`Load on MariaDB/MySQL: skipped, nothing answers at ${mysqlUrl}`);
}
