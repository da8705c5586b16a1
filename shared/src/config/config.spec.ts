import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, jwtSecretFor, loadConfig } from './config';
import { encodeKey, generateServiceKeyPair, samePublicKey } from './service-keys';
import { requestSigner } from '../server/request-signature';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
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
    const bare = loadConfig({ NODE_ENV: 'production' });
    expect(bare.jwtSecret).toBeNull();
    expect(() => jwtSecretFor(bare, 'identity (it issues access tokens)')).toThrow('JWT_SECRET: required by identity (it issues access tokens)');
    expect(jwtSecretFor(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }), 'the gateway')).toBe('x'.repeat(32));
  });

  it('production turns the playground off', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GATEWAY_SIGNING_KEY: generateServiceKeyPair().signingKey });
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
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GATEWAY_VERIFY_KEYS: pair.verifyKey });
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
      const first = loadConfig({ GATEHOUSE_DATA_DIR: dataDir });
      const second = loadConfig({ GATEHOUSE_DATA_DIR: dataDir });
      for (const service of ['gateway', 'identity'] as const) {
        expect(samePublicKey(first.requestSigning.signingKeys[service]!, second.requestSigning.verifyKeys[service][0])).toBe(true);
      }
      expect(samePublicKey(first.requestSigning.signingKeys.gateway!, first.requestSigning.signingKeys.identity!)).toBe(false);
      expect(first.jwtSecret).toBe(second.jwtSecret);
    });

    it('a secrets.json of an older version gains the keys it lacks and keeps its JWT secret', () => {
      const file = join(dataDir, 'secrets.json');
      writeFileSync(file, JSON.stringify({ jwt: 'j'.repeat(43), viewer: 'v'.repeat(43) }));
      const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir });
      expect(config.jwtSecret).toBe('j'.repeat(43));
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).signingKeys)).toEqual(['gateway', 'identity']);
    });
  });

  it('takes a shutdown grace of 0 to 600000 ms, 10 s unless told', () => {
    const secrets = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(secrets).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ ...secrets, SHUTDOWN_GRACE_MS: '2500' }).shutdownGraceMs).toBe(2500);
    for (const bad of ['-1', 'soon', '600001']) expect(() => loadConfig({ ...secrets, SHUTDOWN_GRACE_MS: bad })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});
