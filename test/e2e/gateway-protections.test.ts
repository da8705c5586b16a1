import { randomBytes } from 'node:crypto';
import { errorCodes } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the gateway', () => {
  let t: TestStack;
  let token: string;
  beforeAll(async () => {
    t = await startTestStack({ MAX_QUERY_DEPTH: '6', MAX_ALIASES: '5' });
    token = (await t.seed.organization('Acme')).admin.token;
  });
  afterAll(() => t.stop());

  it('answers /health and /ready', async () => {
    const health = await fetch(new URL('/health', t.stack.gatewayUrl));
    expect(await health.json()).toEqual({ status: 'ok', service: 'gateway' });
    const ready = await fetch(new URL('/ready', t.stack.gatewayUrl));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: Object.fromEntries(subgraphRegistry.map((s) => [s.name, 'ready'])) });
  });

  it('serves a playground that needs no internet', async () => {
    const response = await fetch(t.stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Gatehouse playground</title>');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
  });

  it('refuses queries deeper than the limit', async () => {
    const deep = '{ viewer { organization { designatedSuperAdmin { organization { designatedSuperAdmin { organization { id } } } } } } }';
    const response = await t.gql(deep, {}, token);
    expect(response.data ?? null).toBeNull();
    expect(errorCodes(response)[0]).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect(response.errors![0].message).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    const response = await t.gql(`{ ${aliases} }`, {}, token);
    expect(response.errors![0].message).toMatch(/alias/i);
  });

  it('blocks cross-site simple requests (CSRF prevention)', async () => {
    const get = await fetch(`${t.stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    const textPost = await fetch(t.stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(textPost.status).toBe(400);
  });

  it('allows introspection in embedded mode', async () => {
    const response = await t.gql('{ __schema { queryType { name } } }');
    expect(response.data!.__schema.queryType.name).toBe('Query');
  });
});

describe('the gateway with a low cost limit', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ MAX_QUERY_COST: '40' });
  });
  afterAll(() => t.stop());

  it('refuses a query whose estimated cost is above the limit, and serves a cheap one', async () => {
    const expensive = await t.gql('{ users { edges { node { id email name lastName fullName joinedAt lastActivityAt organization { id name createdAt } } } } }');
    expect(expensive.errors![0].message).toMatch(/cost/i);
    const cheap = await t.gql('{ __typename }');
    expect(cheap.data).toEqual({ __typename: 'Query' });
  });
});

describe('the gateway in production', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') });
  });
  afterAll(() => t.stop());

  it('turns introspection and the playground off unless enabled', async () => {
    const response = await t.gql('{ __schema { queryType { name } } }');
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const page = await fetch(t.stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('Gatehouse playground');
  });
});
