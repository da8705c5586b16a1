import { createHash, randomBytes } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { SubgraphName, anonymousViewer } from '@gatehouse/shared';
import { gatewayTo, signedHeaders } from '@gatehouse/shared/testing';
import { SubscriptionClients } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

interface Answer {
  status: number;
  type: string;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
}

async function send(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: Answer['body'] = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, body: parsed };
}

const post = (url: string, payload: Record<string, unknown>, headers?: Record<string, string>) => send(url, JSON.stringify(payload), headers);
const codeOf = (answer: Answer) => answer.body?.errors?.[0]?.extensions?.code;

/** What no client error may show: an HTML page, a stack frame, an absolute path of this machine. */
function expectNoInternals(answer: Answer): void {
  expect(answer.type).not.toMatch(/html/);
  expect(answer.text).not.toMatch(/<html|<pre>|\bat [\w.<>]+ \(|node_modules|\/work\/|stacktrace/i);
  expect(answer.text).not.toContain(process.cwd());
}

function describeClientErrors(mode: string, overrides: Record<string, string>) {
  describe(`client errors (${mode})`, () => {
    let t: TestStack;
    let url: string;
    beforeAll(async () => {
      t = await startTestStack(overrides);
      url = t.stack.gatewayUrl;
    });
    afterAll(() => t.stop());

    it('a syntax error, even the one-character document "{", is a 400 GRAPHQL_PARSE_FAILED', async () => {
      const answer = await post(url, { query: '{' });
      expect([answer.status, codeOf(answer)]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
      expectNoInternals(answer);
    });

    it('a document over the token limit is a 400 GRAPHQL_PARSE_FAILED', async () => {
      const answer = await post(url, { query: `{ ${'__typename '.repeat(t.config.limits.tokens + 1)}}` });
      expect([answer.status, codeOf(answer)]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    });

    it('a lone surrogate and a null byte in a document are 400 GRAPHQL_PARSE_FAILED', async () => {
      for (const body of ['{"query":"{ user(id: \\"\\ud800\\") { id } }"}', '{"query":"{ __typename \\u0000 }"}']) {
        const answer = await send(url, body);
        expect([answer.status, codeOf(answer)]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
      }
    });

    it('several operations without an operationName (or with an unknown one) are a 400 OPERATION_RESOLUTION_FAILURE', async () => {
      const query = 'query A { viewer { id } } query B { viewer { id } }';
      for (const payload of [{ query }, { query, operationName: 'C' }]) {
        const answer = await post(url, payload);
        expect([answer.status, codeOf(answer)]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
      }
      const anonymous = await post(url, { query: '{ viewer { id } } { viewer { id } }' });
      expect([anonymous.status, codeOf(anonymous)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    });

    it('malformed JSON, an unsupported charset and an oversized body answer JSON errors with a code, never an HTML page', async () => {
      const malformed = await send(url, '{"query":');
      expect([malformed.status, codeOf(malformed)]).toEqual([400, 'BAD_REQUEST']);
      expectNoInternals(malformed);
      const charset = await send(url, '{"query":"{ __typename }"}', { 'content-type': 'application/json; charset=latin-7' });
      expect([charset.status, codeOf(charset)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expectNoInternals(charset);
      const huge = await post(url, { query: '{ __typename }', padding: 'x'.repeat(t.config.maxRequestBodyBytes) });
      expect([huge.status, codeOf(huge)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expectNoInternals(huge);
    });

    it('a path nobody serves is a JSON 404', async () => {
      const response = await fetch(new URL('/nothing/here', url));
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ errors: [{ message: 'Nothing is served at this path.', extensions: { code: 'NOT_FOUND' } }] });
    });

    it('a persisted query whose hash does not match is a 400 BAD_REQUEST; an unknown hash is PERSISTED_QUERY_NOT_FOUND', async () => {
      const wrong = await post(url, { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
      expect([wrong.status, codeOf(wrong)]).toEqual([400, 'BAD_REQUEST']);
      const unknown = await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(randomBytes(8)).digest('hex') } } });
      expect(codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('the SCIM endpoint answers a malformed body in SCIM\'s JSON error format', async () => {
      const answer = await send(new URL('/scim/v2/Users', url).toString(), '{"userName":', { authorization: 'Bearer ghs_nothing' });
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/application\/scim\+json/);
      expect(answer.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      expectNoInternals(answer);
      const huge = await send(new URL('/scim/v2/Users', url).toString(), JSON.stringify({ userName: 'x'.repeat(t.config.maxRequestBodyBytes) }), { authorization: 'Bearer ghs_nothing' });
      expect([huge.status, huge.body]).toEqual([413, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413', detail: 'The body is too large.' }]);
      expectNoInternals(huge);
    });

    it('a subgraph\'s own HTTP server answers malformed JSON and unknown paths as JSON errors', async () => {
      for (const [name, subgraph] of Object.entries(t.config.subgraphUrls)) {
        const caller = gatewayTo(t.config, name as SubgraphName);
        const malformed = await send(subgraph, '{"query":', signedHeaders(caller, subgraph, anonymousViewer, '{"query":'));
        expect([malformed.status, codeOf(malformed)]).toEqual([400, 'BAD_REQUEST']);
        expectNoInternals(malformed);
        const signed = caller.signer.sign(anonymousViewer, { audience: caller.audience, method: 'GET', path: '/nothing/here', body: '' });
        const missing = await fetch(new URL('/nothing/here', subgraph), { headers: signed });
        expect(missing.status).toBe(404);
        expect(missing.headers.get('content-type')).toMatch(/application\/json/);
      }
    });
  });
}

describeClientErrors('test mode', {});
describeClientErrors('production mode', { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') });

describe('limits', () => {
  let t: TestStack;
  beforeAll(async () => {
    // No outbox poll in the background: the SQL statements counted come from requests.
    t = await startTestStack({ OUTBOX_POLL_MS: '3600000' });
  });
  afterAll(() => t.stop());
  /** Identity's SQL statement count once the seed's events have been relayed (nothing ran for 300 ms). */
  const settledQueryCount = async () => {
    let count = -1;
    for (let i = 0; i < 20 && count !== t.stack.apps.identity.queries.count; i++) {
      count = t.stack.apps.identity.queries.count;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return count;
  };

  it('aliases of __typename count toward the alias limit', async () => {
    const aliases = Array.from({ length: t.config.limits.aliases + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    const answer = await post(t.stack.gatewayUrl, { query: `{ ${aliases} }` });
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0].message).toMatch(/alias/i);
  });

  it('introspection counts toward depth and cost, and the standard introspection query (GraphiQL\'s) fits the defaults', async () => {
    // A chain of ofType (which graphql-js's own introspection-depth rule does not count) past the depth limit.
    const levels = t.config.limits.depth + 5;
    const deep = `{ __schema { types { ${'ofType { '.repeat(levels)} name ${'} '.repeat(levels)} } } }`;
    const refused = await post(t.stack.gatewayUrl, { query: deep });
    expect(refused.status).toBe(400);
    expect(refused.body?.errors?.map((e) => e.message).join(' ')).toMatch(/Query depth limit of 15 exceeded/);
    const full = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    for (const query of [getIntrospectionQuery(), full]) {
      const answer = await post(t.stack.gatewayUrl, { query });
      expect(answer.body?.errors).toBeUndefined();
      expect((answer.body?.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
    }
  });

  it('a 1 MB search string is a BAD_USER_INPUT before any SQL runs', async () => {
    const admin = (await t.seed.organization('Acme')).admin;
    await t.gql('{ users { totalCount } }', {}, admin.token); // the viewer is resolved and cached
    const before = await settledQueryCount();
    const search = 'x'.repeat(1024 * 1024);
    for (const request of [
      { query: 'query($s: String) { users(filter: { search: $s }) { totalCount } }', variables: { s: search } },
      { query: `{ spaces(filter: { search: "${search}" }) { totalCount } }` },
    ]) {
      const answer = await post(t.stack.gatewayUrl, request, { authorization: `Bearer ${admin.token}` });
      expect(answer.status).toBe(400);
      expect(answer.body?.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(answer.body?.errors?.[0].message).toMatch(/search\) is longer than/);
    }
    expect(await settledQueryCount()).toBe(before);
  });

  it('a subscription obeys the same text maxima: an id of 20,000 characters is BAD_USER_INPUT', async () => {
    const admin = (await t.seed.organization('Subscribers')).admin;
    const clients = new SubscriptionClients(() => t.stack.gatewayUrl);
    try {
      const watched = clients.watch(clients.connect({ token: admin.token }), 'subscription($id: ID) { auditEventRecorded(filter: { actorId: $id }) { id } }', { id: 'x'.repeat(20_000) });
      await watched.done;
      expect(watched.errors).toEqual([[expect.objectContaining({ message: 'auditEventRecorded(filter.actorId) is longer than 10,000 characters.', extensions: { code: 'BAD_USER_INPUT', maxLength: 10_000 } })]]);
    } finally {
      await clients.disposeAll();
    }
  });

  it('a search string at its stated maximum is served, with LIKE\'s wildcards taken literally', async () => {
    const admin = (await t.seed.organization('Wildcards')).admin;
    const at = (search: string) => t.gql('query($s: String) { users(filter: { search: $s }) { totalCount } }', { s: search }, admin.token);
    expect((await at('%')).data).toEqual({ users: { totalCount: 0 } });
    expect((await at('_')).data).toEqual({ users: { totalCount: 0 } });
    expect((await at('x'.repeat(200))).data).toEqual({ users: { totalCount: 0 } });
    const over = await at('x'.repeat(201));
    expect(over.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
