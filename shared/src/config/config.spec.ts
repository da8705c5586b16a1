import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, jwtSecretFor, loadConfig } from './config';
import { encodeKey, generateServiceKeyPair, samePublicKey } from './service-keys';
import { requestSigner } from '../server/request-signature';

/** Two subgraphs as the registry declares them: one signs its calls to the other. */
const subgraphs = [
  { name: 'identity', defaultPort: 4001, signsInternalCalls: true },
  { name: 'access-control', defaultPort: 4002 },
];

function problemsOf(env: Record<string, string>, known = subgraphs): string[] {
  try {
    loadConfig(env, known);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('reports every bad value at once', () => {
    const problems = problemsOf({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'postgres://x', MAX_PAGE_SIZE: '0', JWT_SECRET: 'short' }).join('\n');
    for (const name of ['GATEWAY_PORT', 'DATABASE_URL', 'MAX_PAGE_SIZE', 'JWT_SECRET']) expect(problems).toContain(name);
  });

  it('production generates no secret: the access-token secret is required only by those who use it', () => {
    const bare = loadConfig({ NODE_ENV: 'production' }, subgraphs);
    expect(bare.jwtSecret).toBeNull();
    expect(() => jwtSecretFor(bare, 'identity (it issues access tokens)')).toThrow('JWT_SECRET: required by identity (it issues access tokens)');
    expect(jwtSecretFor(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, subgraphs), 'the gateway')).toBe('x'.repeat(32));
  });

  it('production turns the playground off', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GATEWAY_SIGNING_KEY: generateServiceKeyPair().signingKey }, subgraphs);
    expect(config.playground).toBe(false);
    expect(config.introspection).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names each bad signing key, one line per variable', () => {
    const { verifyKey } = generateServiceKeyPair();
    const problems = problemsOf({
      GATEWAY_SIGNING_KEY: 'not a key',
      GATEWAY_VERIFY_KEYS: `${verifyKey},bm90IGEga2V5`,
      IDENTITY_SIGNING_KEY: verifyKey, // a public key where the private one belongs
      IDENTITY_VERIFY_KEYS: [1, 2, 3, 4].map(() => generateServiceKeyPair().verifyKey).join(','),
      REQUEST_SIGNATURE_WINDOW_MS: '100',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^GATEWAY_SIGNING_KEY: must be an Ed25519 private key/),
      'GATEWAY_VERIFY_KEYS: entry 2 is not an Ed25519 public key (SPKI as base64 DER or PEM)',
      expect.stringMatching(/^IDENTITY_SIGNING_KEY: must be an Ed25519 private key/),
      expect.stringMatching(/^IDENTITY_VERIFY_KEYS: must list one to three/),
      expect.stringMatching(/^REQUEST_SIGNATURE_WINDOW_MS: /),
    ]);
  });

  it('refuses verify keys that leave out the public key of the signing key (a half-done rotation)', () => {
    expect(problemsOf({ GATEWAY_SIGNING_KEY: generateServiceKeyPair().signingKey, GATEWAY_VERIFY_KEYS: generateServiceKeyPair().verifyKey })).toEqual([
      'GATEWAY_VERIFY_KEYS: does not list the public key of GATEWAY_SIGNING_KEY',
    ]);
  });

  it('a process given only public keys verifies that service and cannot sign as it', () => {
    const pair = generateServiceKeyPair();
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GATEWAY_VERIFY_KEYS: pair.verifyKey }, subgraphs);
    expect(config.requestSigning.signingKeys.gateway).toBeUndefined();
    expect(encodeKey(config.requestSigning.verifyKeys.gateway[0])).toBe(pair.verifyKey);
    expect(config.requestSigning.verifyKeys.identity).toEqual([]);
    expect(() => requestSigner(config, 'gateway', 'the gateway')).toThrow('GATEWAY_SIGNING_KEY: required by the gateway');
  });

  describe('embedded mode', () => {
    let dataDir: string;
    beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'))));
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('generates every key pair into secrets.json once and reads the same keys back', () => {
      const first = loadConfig({ GATEHOUSE_DATA_DIR: dataDir }, subgraphs);
      const second = loadConfig({ GATEHOUSE_DATA_DIR: dataDir }, subgraphs);
      for (const service of ['gateway', 'identity'] as const) {
        expect(samePublicKey(first.requestSigning.signingKeys[service]!, second.requestSigning.verifyKeys[service][0])).toBe(true);
      }
      expect(samePublicKey(first.requestSigning.signingKeys.gateway!, first.requestSigning.signingKeys.identity!)).toBe(false);
      expect(first.jwtSecret).toBe(second.jwtSecret);
    });

    it('a secrets.json of an older version gains the keys it lacks and keeps its JWT secret', () => {
      const file = join(dataDir, 'secrets.json');
      writeFileSync(file, JSON.stringify({ jwt: 'j'.repeat(43), viewer: 'v'.repeat(43) }));
      const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir }, subgraphs);
      expect(config.jwtSecret).toBe('j'.repeat(43));
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).signingKeys)).toEqual(['gateway', 'identity']);
    });
  });

  it('takes a shutdown grace of 0 to 600000 ms, 10 s unless told', () => {
    const secrets = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(secrets, subgraphs).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ ...secrets, SHUTDOWN_GRACE_MS: '2500' }, subgraphs).shutdownGraceMs).toBe(2500);
    for (const bad of ['-1', 'soon', '600001']) expect(() => loadConfig({ ...secrets, SHUTDOWN_GRACE_MS: bad }, subgraphs)).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it("derives every subgraph's variables from its name: port, URL, database, and keys for one that signs its calls", () => {
    const metering = { name: 'usage-metering', defaultPort: 4005, signsInternalCalls: true };
    const config = loadConfig({ USAGE_METERING_DATABASE_URL: 'mysql://metering:pw@db:3306/usage', DATABASE_URL: 'mysql://root@db:3306' }, [...subgraphs, metering]);
    expect(config.ports).toEqual({ identity: 4001, 'access-control': 4002, 'usage-metering': 4005 });
    expect(config.subgraphUrls['usage-metering']).toBe('http://127.0.0.1:4005/graphql');
    expect(config.databaseUrls).toEqual({ identity: 'mysql://root@db:3306', 'access-control': 'mysql://root@db:3306', 'usage-metering': 'mysql://metering:pw@db:3306/usage' });
    expect(Object.keys(config.requestSigning.verifyKeys)).toEqual(['gateway', 'identity', 'usage-metering']);
    expect(problemsOf({ USAGE_METERING_PORT: 'x' }, [...subgraphs, metering])).toEqual([expect.stringMatching(/^USAGE_METERING_PORT: /)]);
    // A variable of a subgraph this process was not configured for is not read at all.
    expect(problemsOf({ USAGE_METERING_PORT: 'x' })).toEqual([]);
  });
});
