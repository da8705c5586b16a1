import { ViewerResolver, createGateway } from '@gatehouse/gateway';
import { RunningServer } from '@gatehouse/shared';
import { CountingProxy, startCountingProxy } from '../support/counting-proxy';
import { HostileRequest, hostileKinds, hostileRequests } from '../support/hostile-documents';
import { subgraphRegistry } from '../../src/registry';
import { TestStack, startTestStack } from '../support/test-stack';

/** What one hostile request got back (or `status: 0` when the connection failed: a crash or a reset). */
interface Outcome {
  request: HostileRequest;
  signedIn: boolean;
  status: number;
  type: string;
  text: string;
}

const DOCUMENTS = 10_080; // 24 classes × 420
const CONCURRENCY = 8;
/** Refused documents sent between two refreshes of the cached viewer (it lives VIEWER_CACHE_TTL_MS). */
const CHUNK = 500;

/** Sends every request with at most `concurrency` in flight (fetch keeps the connections alive). */
async function sendAll(url: string, requests: HostileRequest[], token: string, concurrency: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index];
      const signedIn = index % 2 === 1 && !request.headers.authorization && !request.headers['x-api-key'];
      const headers = signedIn ? { ...request.headers, authorization: `Bearer ${token}` } : request.headers;
      try {
        const response = await fetch(url + (request.search ?? ''), { method: request.method, headers, body: request.body });
        outcomes[index] = { request, signedIn, status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
      } catch {
        outcomes[index] = { request, signedIn, status: 0, type: '', text: '' };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

/** Why an outcome breaks the rules (empty when it does not). */
function problemsOf(outcome: Outcome): string[] {
  const problems: string[] = [];
  if (outcome.status === 0) problems.push('no answer (connection failed)');
  if (outcome.status >= 500) problems.push(`status ${outcome.status}`);
  if (/html/i.test(outcome.type) || /<html|<pre>|<!DOCTYPE/i.test(outcome.text)) problems.push('HTML');
  if (/\bat [\w$.<>]+ \(|node_modules|stacktrace|\/work\//.test(outcome.text) || outcome.text.includes(process.cwd())) problems.push('stack trace or path');
  if (outcome.request.expect === 'refused' && outcome.status !== 0) {
    let body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] } | null = null;
    try {
      body = JSON.parse(outcome.text);
    } catch {
      problems.push('not JSON');
    }
    if (body && body.data != null) problems.push('refused document has data');
    if (body && typeof body.errors?.[0]?.extensions?.code !== 'string') problems.push('no error code');
  }
  return problems;
}

function histogram(values: (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe('hostile documents', () => {
  let t: TestStack;
  let token: string;
  let accountId: string;
  let viewers: ViewerResolver;
  let proxies: CountingProxy[];
  let gateway: RunningServer;
  const unexpected: unknown[] = [];
  const subgraphRequests = () => proxies.reduce((sum, proxy) => sum + proxy.graphqlRequests(), 0);
  const sqlQueries = () => subgraphRegistry.reduce((sum, s) => sum + t.stack.apps[s.name].queries.count, 0);
  /** The count once nothing ran for 100 ms (a viewer look-up's session bookkeeping may finish after it answers). */
  // Settled: no statement for half a second (on a loaded runner, the seed's events can pause 100 ms and go on).
  const settledSqlQueries = async () => {
    let count = sqlQueries();
    for (let quiet = 0, i = 0; quiet < 5 && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      quiet = sqlQueries() === count ? quiet + 1 : 0;
      count = sqlQueries();
    }
    return count;
  };

  beforeAll(async () => {
    // A viewer stays cached for the whole run, so a signed-in request needs no identity look-up, and
    // no outbox poll runs during it: every SQL statement counted comes from a request.
    t = await startTestStack({ VIEWER_CACHE_TTL_MS: '60000', OUTBOX_POLL_MS: '3600000' });
    ({ token, accountId } = (await t.seed.organization('Acme')).admin);
    // A second gateway, like the stack's, whose subgraph traffic passes through counting proxies.
    proxies = await Promise.all(subgraphRegistry.map((s) => startCountingProxy(t.config.subgraphUrls[s.name])));
    const app = await createGateway({
      config: { ...t.config, subgraphUrls: Object.fromEntries(subgraphRegistry.map((s, i) => [s.name, proxies[i].url])) },
      log: (message, detail) => unexpected.push({ message, detail }),
    });
    gateway = await app.listen(0, '127.0.0.1');
    viewers = app.viewers;
  });
  afterAll(async () => {
    await gateway.stop();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await t.stop();
  });

  jest.setTimeout(240_000); // CPU-bound: generous for a runner busy with other suites

  it('answers thousands of hostile documents, anonymous and signed in, with 4xx JSON errors (never a 5xx, a stack or HTML); refused ones reach no subgraph and no SQL; the server still serves afterwards', async () => {
    const limits = { depth: t.config.limits.depth, aliases: t.config.limits.aliases, tokens: t.config.limits.tokens };
    const requests = hostileRequests(DOCUMENTS, limits);
    expect(new Set(requests.map((r) => r.kind))).toEqual(new Set(hostileKinds()));
    const refused = requests.filter((r) => r.expect === 'refused');
    const others = requests.filter((r) => r.expect === 'any');

    const signedIn = await (await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ viewer { id } }"}' })).json();
    expect(signedIn.data.viewer.id).toEqual(expect.any(String));
    // The gateway runs inside jest, whose source-map hook makes every stack Apollo reads (it wraps
    // each validation error) many times dearer than in production; stacks matter to no assertion here.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const subgraphsBefore = subgraphRequests();
    const started = Date.now();
    // In chunks, each after a signed-in request that refreshes the cached viewer (its look-up runs
    // SQL): every statement counted inside a chunk would come from a refused document.
    const refusedOutcomes: Outcome[] = [];
    let sqlDuringRefused = 0;
    for (let from = 0; from < refused.length; from += CHUNK) {
      // Evicted first, so the look-up really runs now and the viewer then lives a full TTL: a slow runner's
      // chunk never outlives it (else one look-up's SQL lands inside a chunk).
      viewers.invalidateAccount(accountId);
      await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ __typename }"}' });
      const sqlBefore = await settledSqlQueries();
      refusedOutcomes.push(...(await sendAll(gateway.url, refused.slice(from, from + CHUNK), token, CONCURRENCY)));
      sqlDuringRefused += sqlQueries() - sqlBefore;
    }
    const subgraphsDuringRefused = subgraphRequests() - subgraphsBefore;
    const unexpectedDuringRefused = unexpected.length;
    const otherOutcomes = await sendAll(gateway.url, others, token, CONCURRENCY);
    const seconds = (Date.now() - started) / 1000;
    Error.stackTraceLimit = stackTraceLimit;
    const outcomes = [...refusedOutcomes, ...otherOutcomes];

    const failures = outcomes
      .map((outcome) => ({ outcome, problems: problemsOf(outcome) }))
      .filter(({ problems }) => problems.length)
      .map(({ outcome, problems }) => `${outcome.request.kind} (${outcome.signedIn ? 'signed in' : 'anonymous'}): ${problems.join(', ')}: ${outcome.status} ${outcome.text.slice(0, 200)}`);
    const figures = {
      documents: outcomes.length,
      refused: refused.length,
      signedIn: outcomes.filter((o) => o.signedIn).length,
      statuses: histogram(outcomes.map((o) => o.status)),
      serverErrors: outcomes.filter((o) => o.status >= 500).length,
      connectionFailures: outcomes.filter((o) => o.status === 0).length,
      subgraphRequestsDuringRefused: subgraphsDuringRefused,
      sqlQueriesDuringRefused: sqlDuringRefused,
      unexpectedErrorsLogged: unexpected.length,
      seconds,
    };
    console.log(`hostile documents: ${JSON.stringify(figures)}`);
    const byKind = Object.fromEntries(hostileKinds().map((kind) => [kind, histogram(outcomes.filter((o) => o.request.kind === kind).map((o) => o.status))]));
    console.log(`statuses by class: ${JSON.stringify(byKind)}`);

    expect(failures.slice(0, 20)).toEqual([]);
    expect(figures.documents).toBeGreaterThanOrEqual(10_000);
    expect(figures.serverErrors).toBe(0);
    expect(figures.connectionFailures).toBe(0);
    expect(subgraphsDuringRefused).toBe(0);
    expect(sqlDuringRefused).toBe(0);
    expect(unexpectedDuringRefused).toBe(0);

    // No crash: both gateways, and the subgraphs behind them, still serve a normal query.
    for (const url of [gateway.url, t.stack.gatewayUrl]) {
      const after = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ viewer { id email } }"}' });
      expect(after.status).toBe(200);
      expect((await after.json()).data.viewer.email).toContain('@');
    }
    expect(subgraphRequests()).toBeGreaterThan(subgraphsBefore);
  });
});
