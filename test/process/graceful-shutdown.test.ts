import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { subgraphRegistry } from '../../src/registry';
import { ProcessPorts } from '../support/process-ports';
import { untilReceived } from '../support/socket-queues';

const main = join(__dirname, '..', '..', 'dist', 'main.js');
const graceMs = 15_000;
const burstSize = 20;
/** Sign-ins per request, run one after the other: each request takes a while, so many are in flight at the signal. */
const signInsPerRequest = 10;

interface Started {
  process: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; at: number }>;
}

/** One `node dist/main.js <service>` process, its output kept for failure messages. */
function start(service: string, env: Record<string, string>): Started {
  // Not the test run's database: these processes use SQLite files in their own folder.
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, [main, service], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  return { process: child, output, exited };
}

async function ready(url: string, started: Started[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await fetch(new URL('/ready', url)).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`${url} not ready:\n${started.map((s) => s.output.join('')).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Outcome = { kind: 'answered'; status: number; body: string } | { kind: 'refused' } | { kind: 'reset'; error: string } | { kind: 'hung' };

/** A request's fate: answered (with its status), refused (nothing listening), or cut off mid-way (the failure a drain must prevent). */
async function outcomeOf(request: Promise<Response>): Promise<Outcome> {
  try {
    const response = await request;
    return { kind: 'answered', status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return { kind: 'refused' };
    if ((error as Error).name === 'TimeoutError') return { kind: 'hung' };
    return { kind: 'reset', error: `${cause?.code ?? ''} ${cause?.message ?? String(error)}` };
  }
}

/** A probe asked again (up to 3 times) while it hangs: for checks of what a busy process answers, not how fast. */
async function probeAnswered(url: string): Promise<Outcome> {
  let outcome = await probe(url);
  for (let i = 0; i < 2 && outcome.kind === 'hung'; i++) outcome = await probe(url);
  return outcome;
}

/**
 * A request on a connection of its own (no keep-alive pool): a probe during the drain then meets
 * either the open listener or the closed one, never a pooled connection the server is closing.
 */
function probe(url: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: body ? 'POST' : 'GET', agent: false, headers: body ? { 'content-type': 'application/json' } : {}, timeout: 2000 }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ kind: 'answered', status: res.statusCode!, body: text }));
      res.on('error', (error) => resolve({ kind: 'reset', error: String(error) }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ kind: 'hung' });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'reset', error: `${error.code} ${error.message}` }));
    req.end(body);
  });
}

const statusOf = (outcome: Outcome): number | Outcome['kind'] => (outcome.kind === 'answered' ? outcome.status : outcome.kind);

const post = (url: string, query: string, variables: Record<string, unknown> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(graceMs * 2) });

const signUp = `mutation($input: SignUpInput!) { signUp(input: $input) { userErrors { code } } }`;
const logIn = `mutation($input: LogInInput!) { ${Array.from({ length: signInsPerRequest }, (_, i) => `s${i}: logIn(input: $input) { session { accessToken } userErrors { code } }`).join(' ')} }`;

/**
 * SIGTERM to `victim` while `burstSize` sign-ins (argon2, so they take a while) are in flight
 * through the gateway at `gatewayUrl`, once every one has reached the processes listening on
 * `receivedAt` (so each has started there); `probeUrl` is the victim's own address, whose /ready
 * must turn 503 while it drains.
 */
async function sigtermDuringBurst(gatewayUrl: string, probeUrl: string, victim: Started, receivedAt: number[], alsoLeaving: string[] = []) {
  const email = `drain-${randomBytes(3).toString('hex')}@example.com`;
  const password = 'drain test password';
  const created = await (await post(gatewayUrl, signUp, { input: { email, password, name: 'Drain' } })).json();
  // Say why when the sign-up itself fails (seen once in CI, distributed mode, data null).
  expect(created.errors).toBeUndefined();
  expect(created.data.signUp.userErrors).toEqual([]);

  const burst = Array.from({ length: burstSize }, () => {
    const outcome = outcomeOf(post(gatewayUrl, logIn, { input: { email, password } }));
    return outcome.then((o) => ({ ...o, at: Date.now() }));
  });
  for (const port of receivedAt) await untilReceived(port, burstSize);
  const signalledAt = Date.now();
  victim.process.kill('SIGTERM');

  const readyStatuses: (number | Outcome['kind'])[] = [];
  const newRequests: Outcome[] = [];
  let othersReady: (number | Outcome['kind'])[] | null = null;
  let exited = false;
  void victim.exited.then(() => (exited = true));
  while (!exited) {
    const ready = await probe(new URL('/ready', probeUrl).href);
    readyStatuses.push(statusOf(ready));
    if (Date.now() - signalledAt > graceMs * 2) break;
    if (ready.kind === 'answered' && ready.status === 503) {
      // The process is busy answering the burst (password checks): a probe may wait past its 2 s; what matters is the status, so a hung one is asked again.
      othersReady ??= await Promise.all(alsoLeaving.map(async (url) => statusOf(await probeAnswered(new URL('/ready', url).href))));
      newRequests.push(await probe(probeUrl, JSON.stringify({ query: '{ __typename }' })));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const answers = await Promise.all(burst);
  const exit = await victim.exited;
  return { answers, signalledAt, readyStatuses, newRequests, othersReady, exit, output: victim.output.join('') };
}


describe('SIGTERM drains a real process', () => {
  jest.setTimeout(90_000);
  const ports = new ProcessPorts(26000, 1000);
  const basePort = ports.base;
  let dataDir: string;
  const running: Started[] = [];
  const env = (): Record<string, string> => ({
    NODE_ENV: 'development',
    GATEHOUSE_DATA_DIR: dataDir,
    ...ports.environment(),
    SHUTDOWN_GRACE_MS: String(graceMs),
    // Many sign-ins at once to one account from one address: neither may have to wait its turn.
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
    // 200 sign-ins at once keep a loaded 2-core machine's subgraph busy for seconds before it reads the last
    // requests: their signatures must not go stale meanwhile (this test is about draining, not the window).
    REQUEST_SIGNATURE_WINDOW_MS: '60000',
  });
  const gatewayUrl = `http://127.0.0.1:${basePort}/graphql`;
  const identityUrl = ports.urlOf('identity');

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-drain-'));
  });
  afterEach(() => {
    for (const s of running.splice(0)) s.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const expectDrained = (result: Awaited<ReturnType<typeof sigtermDuringBurst>>) => {
    const { answers, signalledAt, readyStatuses, newRequests, othersReady, exit, output } = result;
    // Every request of the burst had started before the signal: each is answered in full, none cut off.
    expect(answers.filter((a) => a.kind !== 'answered' || a.status !== 200)).toEqual([]);
    for (const answer of answers) {
      const signIns = Object.values(JSON.parse((answer as { body: string }).body).data) as { session: { accessToken: string } | null }[];
      expect(signIns.filter((s) => !s.session?.accessToken)).toEqual([]);
    }
    // The signal came while they were being answered (else this test would prove nothing).
    expect(answers.filter((a) => a.at > signalledAt).length).toBeGreaterThan(0);
    // /ready (each probe on a new connection) said 503 during the drain, then the listener closed and
    // connections were refused. (200 only before the process had handled the signal; the one probe that
    // connects in the very instant the listener closes may be reset by the kernel: TCP has no cleaner way.)
    expect(readyStatuses.join(' ')).toMatch(/^(200 )*(503 ?)+(reset ?)?(refused ?)*$/);
    // New requests during the drain are refused cleanly: a JSON 503 while the listener is open, then no connection.
    expect(newRequests.length).toBeGreaterThan(0);
    newRequests.forEach((request, index) => {
      if (request.kind === 'refused' || (request.kind === 'reset' && index === newRequests.length - 1)) return;
      expect(request).toMatchObject({ kind: 'answered', status: 503 });
      expect(JSON.parse((request as { body: string }).body).errors[0].extensions.code).toBe('SHUTTING_DOWN');
    });
    // The other services of the process said they were leaving too, at the same time.
    expect(othersReady).toEqual(othersReady!.map(() => 503));
    expect({ code: exit.code, withinGrace: exit.at - signalledAt < graceMs }).toEqual({ code: 0, withinGrace: true });
    expect(output).toContain('SIGTERM');
  };

  it('in embedded mode: requests in flight are answered, /ready turns 503, new requests get 503, and the process exits 0', async () => {
    const all = start('all', env());
    running.push(all);
    await ready(gatewayUrl, running);
    // The subgraphs' own /ready turns 503 with the gateway's, though they serve its requests in flight to the end.
    expectDrained(await sigtermDuringBurst(gatewayUrl, gatewayUrl, all, [basePort], subgraphRegistry.map((s) => ports.urlOf(s.name))));
  });

  /** Each service its own process, started in dependency order and ready. */
  async function startDistributed(): Promise<{ identity: Started; gateway: Started }> {
    const subgraphs = new Map(subgraphRegistry.map((s) => [s.name, start(s.name, env())]));
    running.push(...subgraphs.values());
    for (const { name } of subgraphRegistry) await ready(ports.urlOf(name), running);
    const identity = subgraphs.get('identity')!;
    const gateway = start('gateway', env());
    running.push(gateway);
    await ready(gatewayUrl, running);
    return { identity, gateway };
  }

  it('in distributed mode, the gateway process drains the same way', async () => {
    const { gateway } = await startDistributed();
    expectDrained(await sigtermDuringBurst(gatewayUrl, gatewayUrl, gateway, [basePort]));
  });

  it('in distributed mode, a subgraph process finishes the sub-requests it has started before it exits', async () => {
    const { identity } = await startDistributed();
    // Received by the gateway, then passed on to identity: each sign-in has started in the identity process.
    expectDrained(await sigtermDuringBurst(gatewayUrl, identityUrl, identity, [basePort, ports.portOf('identity')]));
  });
});
