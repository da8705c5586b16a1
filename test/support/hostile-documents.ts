/**
 * Generated hostile requests for the gateway: the classes found in the issue 11 audit and the
 * OWASP GraphQL cheat sheet's (deep nesting, alias and field duplication, batching, directive
 * overloading, huge strings, invalid UTF-16, circular and unknown fragments, invalid variables,
 * wrong content types, malformed JSON, GET with mutations, enormous numbers, null bytes,
 * introspection abuse, token floods, other methods and content encodings). Seeded, so a failing request can be generated again.
 */

export interface HostileRequest {
  /** The class it belongs to, for the report and for a failure's message. */
  kind: string;
  /** `refused`: must be answered with errors and no data, reaching no subgraph. `any`: may run. */
  expect: 'refused' | 'any';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query string for GET; appended to the endpoint. */
  search?: string;
  headers: Record<string, string>;
  body?: string;
}

/** mulberry32: small, fast and seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const json = { 'content-type': 'application/json' };
const accepts = ['application/json', 'application/graphql-response+json', '*/*', 'application/graphql-response+json, application/json;q=0.9'];

function graphql(kind: string, expect: HostileRequest['expect'], random: Random, payload: unknown): HostileRequest {
  return { kind, expect, method: 'POST', headers: { ...json, accept: pick(random, accepts) }, body: JSON.stringify(payload) };
}

function nest(levels: number, open: (i: number) => string, leaf: string): string {
  let inner = leaf;
  for (let i = levels - 1; i >= 0; i--) inner = `${open(i)} { ${inner} }`;
  return inner;
}

/** Each generator makes one request of its class from the random source. */
const generators: Record<string, (random: Random, limits: HostileLimits) => HostileRequest> = {
  deepNesting: (random, limits) => {
    const levels = int(random, limits.depth + 1, limits.depth * 4);
    const chain = ['organization', 'designatedSuperAdmin'];
    return graphql('deepNesting', 'refused', random, { query: `{ viewer { ${nest(levels, (i) => chain[i % 2], 'id')} } }` });
  },
  aliasDuplication: (random, limits) => {
    const count = int(random, limits.aliases + 1, limits.aliases * 4);
    const field = pick(random, ['viewer { id }', '__typename', 'viewer { email }', 'users { totalCount }', 'catalogue { areas { key } }']);
    return graphql('aliasDuplication', 'refused', random, { query: `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }` });
  },
  fieldDuplication: (random, limits) => {
    // The same field many times is merged by GraphQL (one resolver call); past the token limit it is refused.
    const count = int(random, 2, Math.round(limits.tokens * 1.2));
    return graphql('fieldDuplication', 'any', random, { query: `{ viewer { ${'id '.repeat(count)}} }` });
  },
  batchingArrays: (random) => {
    const count = int(random, 2, 200);
    return { kind: 'batchingArrays', expect: 'refused', method: 'POST', headers: json, body: JSON.stringify(Array.from({ length: count }, () => ({ query: '{ viewer { id } }' }))) };
  },
  directiveOverloading: (random) => {
    const count = int(random, 51, 200);
    const directive = pick(random, ['@include(if: true)', '@skip(if: false)', '@deprecated', '@nope']);
    return graphql('directiveOverloading', 'refused', random, { query: `{ viewer { id ${directive.repeat(count)} } }` });
  },
  hugeStrings: (random) => {
    const length = random() < 0.03 ? 1024 * 1024 : int(random, 10_001, 40_000);
    const text = pick(random, ['x', '%', '_', '\u00e9', '\ud83d\ude00', "'; DROP TABLE account; --"]).repeat(length).slice(0, length);
    const asVariable = random() < 0.5;
    const target = pick(random, ['users(filter: { search: $s }) { totalCount }', 'spaces(filter: { search: $s }) { totalCount }', 'users(after: $s) { totalCount }', 'user(id: $s) { id }']);
    if (asVariable) return graphql('hugeStrings', 'refused', random, { query: `query($s: ${target.startsWith('user(') ? 'ID!' : 'String'}) { ${target} }`, variables: { s: text } });
    return graphql('hugeStrings', 'refused', random, { query: `{ ${target.replace('$s', JSON.stringify(text))} }` });
  },
  invalidUtf16: (random) => {
    const lone = pick(random, ['\ud800', '\udfff', 'a\udbffb', '\udc00\ud800']);
    if (random() < 0.5) return graphql('invalidUtf16', 'refused', random, { query: `{ users(filter: { search: "${lone}" }) { totalCount } }` });
    return graphql('invalidUtf16', 'refused', random, { query: 'query($s: String) { users(filter: { search: $s }) { totalCount } }', variables: { s: `name${lone}` } });
  },
  circularFragments: (random) => {
    const size = int(random, 2, 30);
    const fragments = Array.from({ length: size }, (_, i) => `fragment F${i} on Query { viewer { id } ...F${(i + 1) % size} }`).join(' ');
    return graphql('circularFragments', 'refused', random, { query: `{ ...F0 } ${fragments}` });
  },
  unknownFragments: (random) => {
    const name = pick(random, ['Nope', 'F'.repeat(int(random, 1, 500)), 'UserFields']);
    return graphql('unknownFragments', 'refused', random, { query: `{ viewer { ...${name} } }` });
  },
  invalidVariables: (random) => {
    const variables = pick<unknown>(random, ['{"first": 5}', [1, 2, 3], 42, true, { first: 'ten' }, { first: 1.5 }, { first: null }, { first: [1] }, { first: { $gt: 1 } }]);
    const query = pick(random, ['query($first: Int!) { users(first: $first) { totalCount } }', 'query($first: Int!, $unused: String) { users(first: $first) { totalCount } }', 'query($first: Nope) { users(first: $first) { totalCount } }']);
    return graphql('invalidVariables', 'refused', random, { query, variables });
  },
  wrongContentTypes: (random) => {
    const type = pick(random, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/graphql', 'application/json; charset=utf-16', 'application/json; charset=latin-7', '']);
    const body = pick(random, ['{"query":"{ viewer { id } }"}', 'query={viewer{id}}', '<query>viewer</query>', '{ viewer { id } }']);
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    return { kind: 'wrongContentTypes', expect: 'refused', method: 'POST', headers, body };
  },
  malformedJson: (random) => {
    const body = pick(random, [
      '{"query":',
      '{"query": "{ viewer { id } }",}',
      "{'query': '{ viewer { id } }'}",
      '{"query": NaN}',
      '{"query": "{ viewer { id } }"} trailing',
      '\u0000{"query":"{ viewer { id } }"}',
      `${'['.repeat(int(random, 1000, 20000))}${']'.repeat(10)}`,
      `{"query": ${'{"a":'.repeat(int(random, 100, 5000))}1${'}'.repeat(10)}`,
      '{"query": "\\ud800"',
      '{"query": 12345}',
      '{"query": null}',
      '{"query": ["{ viewer { id } }"]}',
      '"just a string"',
      'null',
      '',
    ]);
    return { kind: 'malformedJson', expect: 'refused', method: 'POST', headers: json, body };
  },
  getWithMutation: (random) => {
    const query = pick(random, ['mutation { logOut { ok } }', 'mutation { createSpace(input: { name: "x" }) { space { id } } }', 'mutation M { __typename }']);
    const headers: Record<string, string> = random() < 0.5 ? { 'apollo-require-preflight': 'true' } : {};
    return { kind: 'getWithMutation', expect: 'refused', method: 'GET', search: `?query=${encodeURIComponent(query)}`, headers };
  },
  enormousNumbers: (random) => {
    const number = pick(random, ['1e400', '99999999999999999999999999', '-2147483649', '2147483648', '1.7976931348623157e309', '0x10', '1' + '0'.repeat(int(random, 20, 5000))]);
    if (random() < 0.5) return graphql('enormousNumbers', 'refused', random, { query: `{ users(first: ${number}) { totalCount } }` });
    return { kind: 'enormousNumbers', expect: 'refused', method: 'POST', headers: json, body: `{"query":"query($n: Int) { users(first: $n) { totalCount } }","variables":{"n":${number}}}` };
  },
  nullBytes: (random) => {
    const place = int(random, 0, 2);
    if (place === 0) return graphql('nullBytes', 'refused', random, { query: `{ viewer { id\u0000 } }` });
    if (place === 1) return graphql('nullBytes', 'refused', random, { query: '{ viewer { id } }', operationName: 'A\u0000B' });
    return graphql('nullBytes', 'refused', random, { query: `{ users(filter: { search: "a\\u0000b" }) { totalCount } } { __typename }` });
  },
  introspectionAbuse: (random, limits) => {
    const shape = int(random, 0, 2);
    if (shape === 0) return graphql('introspectionAbuse', 'refused', random, { query: `{ __schema { types { ${nest(int(random, limits.depth, limits.depth * 4), (i) => (i % 2 ? 'type' : 'fields'), 'name')} } } }` });
    if (shape === 1) return graphql('introspectionAbuse', 'refused', random, { query: `{ ${Array.from({ length: int(random, limits.aliases + 1, 100) }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }` });
    return graphql('introspectionAbuse', 'refused', random, { query: `{ __type(name: ${JSON.stringify('T'.repeat(int(random, 10_001, 100_000)))}) { name } }` });
  },
  tokenFlood: (random, limits) => {
    const count = int(random, limits.tokens + 1, limits.tokens * 3);
    return graphql('tokenFlood', 'refused', random, { query: `{ ${'__typename '.repeat(count)}}` });
  },
  syntaxErrors: (random) => {
    const query = pick(random, ['{', '}', '{ viewer { id }', 'query {', '{ viewer(id: ) { id } }', '"', '"""', '{ viewer { id } } }', '@', 'fragment', 'query ($: Int) { __typename }', '{ user(id: "\\ud800") { id } }']);
    return graphql('syntaxErrors', 'refused', random, { query });
  },
  validationErrors: (random) => {
    const query = pick(random, ['{ nope }', '{ viewer { password } }', '{ viewer }', '{ users(nope: 1) { totalCount } }', 'subscription { nope }', '{ __typename } { __typename }', 'query A { __typename } query A { __typename }']);
    return graphql('validationErrors', 'refused', random, { query });
  },
  operationConfusion: (random) => {
    const query = 'query A { viewer { id } } query B { viewer { email } }';
    const operationName = pick<unknown>(random, [undefined, 'C', '', 42, ['A'], 'x'.repeat(int(random, 1000, 50_000))]);
    return graphql('operationConfusion', 'refused', random, operationName === undefined ? { query } : { query, operationName });
  },
  persistedQueries: (random) => {
    const hash = pick(random, ['f'.repeat(64), 'not-a-hash', '', 'x'.repeat(int(random, 65, 10_000))]);
    const version = pick<unknown>(random, [1, 2, '1', null]);
    return graphql('persistedQueries', 'refused', random, { query: '{ viewer { id } }', extensions: { persistedQuery: { version, sha256Hash: hash } } });
  },
  methodsAndEncodings: (random): HostileRequest => {
    const body = '{"query":"{ viewer { id } }"}';
    const choice = int(random, 0, 3);
    if (choice === 0) return { kind: 'methodsAndEncodings', expect: 'refused', method: pick(random, ['PUT', 'PATCH', 'DELETE'] as const), headers: json, body };
    if (choice === 1) return { kind: 'methodsAndEncodings', expect: 'refused', method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body };
    if (choice === 2) return { kind: 'methodsAndEncodings', expect: 'refused', method: 'POST', headers: { ...json, 'content-encoding': pick(random, ['br2', 'compress', 'x-nope']) }, body };
    return { kind: 'methodsAndEncodings', expect: 'refused', method: 'GET', search: `?query=${encodeURIComponent('{ viewer { id } }')}&variables=${encodeURIComponent(pick(random, ['{', '[1]', '"x"', 'null']))}`, headers: { 'apollo-require-preflight': 'true' } };
  },
  headerAbuse: (random) => {
    const headers: Record<string, string> = { ...json };
    const choice = int(random, 0, 3);
    if (choice === 0) headers.authorization = `Bearer ${'a'.repeat(int(random, 1, 4000))}`;
    if (choice === 1) headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
    if (choice === 2) headers['x-api-key'] = `gh_${'k'.repeat(int(random, 1, 300))}`;
    if (choice === 3) headers.authorization = 'Basic dXNlcjpwYXNz';
    return { kind: 'headerAbuse', expect: 'any', method: 'POST', headers, body: JSON.stringify({ query: '{ viewer { id } }' }) };
  },
  weirdButValid: (random) => {
    const query = pick(random, [
      '{ __typename }',
      '{ viewer { id id id } }',
      'query($s: String) { users(filter: { search: $s }) { totalCount } }',
      '{ users(filter: { search: "%_%" }) { totalCount } }',
      '{ viewer { id } } # comment \u2028',
      'query Q($first: Int = 5) { users(first: $first) { totalCount } }',
    ]);
    return graphql('weirdButValid', 'any', random, { query, variables: { s: pick(random, ['%', '_', '!', 'a\u0000b', '\u00e9\u00e9', '\ud83d\ude00']) } });
  },
};

export interface HostileLimits {
  depth: number;
  aliases: number;
  tokens: number;
}

/** `count` requests, spread evenly over the classes, in a seeded random order. */
export function hostileRequests(count: number, limits: HostileLimits, seed = 11): HostileRequest[] {
  const random = seededRandom(seed);
  const kinds = Object.keys(generators);
  return Array.from({ length: count }, (_, i) => generators[kinds[i % kinds.length]](random, limits));
}

export const hostileKinds = (): string[] => Object.keys(generators);
