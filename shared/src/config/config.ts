import { KeyObject, createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SigningService, generateServiceKeyPair, keyVariablePrefix, parsePrivateKey, parsePublicKey, samePublicKey, signingServices } from './service-keys';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const secret = z.string().min(32, 'must be at least 32 characters');
const privateKey = z.string().refine((v) => parsePrivateKey(v) !== null, 'must be an Ed25519 private key (PKCS#8 as base64 DER or PEM; see generate-keys)');
const publicKeys = z
  .string()
  .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
  .superRefine((keys, ctx) => {
    if (keys.length === 0 || keys.length > 3) ctx.addIssue({ code: 'custom', message: 'must list one to three Ed25519 public keys, comma-separated (two during a rotation)' });
    keys.forEach((k, i) => {
      if (!parsePublicKey(k)) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not an Ed25519 public key (SPKI as base64 DER or PEM)` });
    });
  });
const databaseUrl = z
  .string()
  .refine((v) => /^(mysql|mariadb):\/\//.test(v) || /^sqlite:/.test(v), 'must be a mysql://, mariadb:// or sqlite: URL');

/** Every environment variable Gatehouse reads. `.env.example` lists the same set. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  GATEHOUSE_HOST: z.string().min(1).default('127.0.0.1'),
  GATEHOUSE_DATA_DIR: z.string().min(1).default('./data'),
  GATEWAY_PORT: port.default(4000),
  IDENTITY_PORT: port.default(4001),
  ACCESS_CONTROL_PORT: port.default(4002),
  IDENTITY_URL: z.url().optional(),
  ACCESS_CONTROL_URL: z.url().optional(),
  DATABASE_URL: databaseUrl.optional(),
  IDENTITY_DATABASE_URL: databaseUrl.optional(),
  ACCESS_CONTROL_DATABASE_URL: databaseUrl.optional(),
  DATABASE_PREFIX: z.string().regex(/^[a-z0-9_]*$/, 'lowercase letters, digits and _ only').default('gatehouse_'),
  JWT_SECRET: secret.optional(),
  // Each signing service's private key (only that service holds it) and public keys (whoever verifies
  // it); keyVariablePrefix names them. Two verify keys while a rotation is under way.
  GATEWAY_SIGNING_KEY: privateKey.optional(),
  GATEWAY_VERIFY_KEYS: publicKeys.optional(),
  IDENTITY_SIGNING_KEY: privateKey.optional(),
  IDENTITY_VERIFY_KEYS: publicKeys.optional(),
  REQUEST_SIGNATURE_WINDOW_MS: z.coerce.number().int().min(1000).max(60_000).default(5_000),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  VIEWER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  GRAPHQL_INTROSPECTION: flag.optional(),
  GRAPHQL_PLAYGROUND: flag.optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(15),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(20_000),
  MAX_ALIASES: z.coerce.number().int().min(1).default(20),
  MAX_TOKENS: z.coerce.number().int().min(50).default(2_000),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  TRUST_PROXY: z.string().regex(/^(false|true|\d+|[\w.:/, -]+)$/, 'false, true, a hop count or addresses').default('false'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  MAX_REQUEST_BODY_KB: z.coerce.number().int().min(16).max(65_536).default(8_192),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Gatehouse <no-reply@localhost>'),
  APP_URL: z.url().default('http://localhost:4000'),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  EVENT_STREAM: z.string().min(1).max(200).default('gatehouse:events'),
  EVENT_MAX_DELIVERIES: z.coerce.number().int().min(1).max(100).default(5),
  EVENT_CLAIM_IDLE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  EVENT_STREAM_MAX_LENGTH: z.coerce.number().int().min(1000).default(1_000_000),
  SUBSCRIPTION_KEEPALIVE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(100),
});

export type SubgraphName = 'identity' | 'access-control';
export const subgraphNames: readonly SubgraphName[] = ['identity', 'access-control'];

export interface GatehouseConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  dataDir: string;
  gatewayPort: number;
  ports: Record<SubgraphName, number>;
  subgraphUrls: Record<SubgraphName, string>;
  databaseUrls: Record<SubgraphName, string | null>;
  databasePrefix: string;
  /** Signs and verifies access tokens; null in a production process not given it (see jwtSecretFor). */
  jwtSecret: string | null;
  /** How requests to subgraphs are signed and checked (see RequestSigning). */
  requestSigning: RequestSigning;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  maxPageSize: number;
  subgraphTimeoutMs: number;
  /** On SIGTERM, how long requests in flight may take to finish before they are cut off. */
  shutdownGraceMs: number;
  /** The gateway pings each subgraph subscription connection this often and gives up when no answer comes within as long. */
  subscriptionKeepAliveMs: number;
  /** Subscriptions one client connection may hold at once (each holds a subgraph connection). */
  maxSubscriptionsPerConnection: number;
  viewerCacheTtlMs: number;
  introspection: boolean;
  playground: boolean;
  limits: { depth: number; cost: number; aliases: number; tokens: number };
  outboxPollMs: number;
  /** Express `trust proxy`: false, true, a hop count, or trusted addresses. */
  trustProxy: boolean | number | string;
  /** Failed sign-ins before an account or a client address is locked for `lockSeconds`. */
  loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; lockSeconds: number };
  /** Largest request body accepted (a CSV import travels in one request). */
  maxRequestBodyBytes: number;
  /** SMTP when `smtpUrl` is set, else files under `<dataDir>/mail/`. Links in mail point at `appUrl`. */
  mail: { smtpUrl: string | null; from: string; appUrl: string; tokenTtlMinutes: number };
  /** The shared event bus of distributed mode: Redis Streams when `redisUrl` is set. */
  events: { redisUrl: string | null; stream: string; maxDeliveries: number; claimIdleMs: number; maxLength: number };
}

/**
 * Keys of the gate between services: a signature binds viewer, body, method, path, audience, time
 * and a nonce. A process holds the private key of the service it is (the gateway's only in the
 * gateway) and the public keys of the services it accepts calls from.
 */
export interface RequestSigning {
  /** A signature older (or newer, for clock skew) than this is refused; its nonce is remembered as long. */
  windowMs: number;
  /** The private keys this process signs with, per service; absent where it holds none. */
  signingKeys: Partial<Record<SigningService, KeyObject>>;
  /** The public keys accepted per service: the current one, and the previous one during a rotation. */
  verifyKeys: Record<SigningService, readonly KeyObject[]>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

interface EmbeddedSecrets {
  jwt: string;
  /** Private keys per signing service (PKCS#8, base64url DER). */
  signingKeys: Record<SigningService, string>;
}

/**
 * Secrets for embedded mode: generated once and kept in the data folder so tokens survive a
 * restart; a file from an older version gains the keys it lacks. Production must set them
 * explicitly (a missing one is a config error).
 */
function embeddedSecrets(dataDir: string): EmbeddedSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Partial<EmbeddedSecrets>;
  const secrets: EmbeddedSecrets = {
    jwt: stored.jwt ?? randomBytes(32).toString('base64url'),
    signingKeys: Object.fromEntries(signingServices.map((s) => [s, stored.signingKeys?.[s] ?? generateServiceKeyPair().signingKey])) as Record<SigningService, string>,
  };
  if (JSON.stringify(secrets) !== JSON.stringify({ jwt: stored.jwt, signingKeys: stored.signingKeys })) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}

/**
 * Each signing service's keys from the environment; in embedded mode (not production) a service
 * with neither variable set uses the key generated into secrets.json. A process given only the
 * public keys of a service verifies it and cannot sign as it.
 */
function requestSigningFrom(env: Record<string, unknown>, production: boolean, embedded: () => EmbeddedSecrets, problems: string[]): Pick<RequestSigning, 'signingKeys' | 'verifyKeys'> {
  const signingKeys: Partial<Record<SigningService, KeyObject>> = {};
  const verifyKeys = {} as Record<SigningService, readonly KeyObject[]>;
  for (const service of signingServices) {
    const prefix = keyVariablePrefix(service);
    const given = env[`${prefix}_SIGNING_KEY`] as string | undefined;
    const verify = env[`${prefix}_VERIFY_KEYS`] as string[] | undefined;
    const text = given ?? (!production && !verify ? embedded().signingKeys[service] : undefined);
    const signing = text ? parsePrivateKey(text) : null;
    if (signing) signingKeys[service] = signing;
    verifyKeys[service] = Object.freeze(verify ? verify.map((k) => parsePublicKey(k)!) : signing ? [createPublicKey(signing)] : []);
    // Catches a half-done rotation: this process would refuse what it signs itself.
    if (signing && verify && !verifyKeys[service].some((k) => samePublicKey(k, signing))) {
      problems.push(`${prefix}_VERIFY_KEYS: does not list the public key of ${prefix}_SIGNING_KEY`);
    }
  }
  return { signingKeys: Object.freeze(signingKeys), verifyKeys: Object.freeze(verifyKeys) };
}

/** Reads and validates the environment once; throws ConfigError naming every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatehouseConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const dataDir = resolve(e.GATEHOUSE_DATA_DIR);
  let generated: EmbeddedSecrets | null = null;
  const embedded = () => (generated ??= embeddedSecrets(dataDir));
  const keys = requestSigningFrom(e, production, embedded, problems);
  if (problems.length) throw new ConfigError(problems);
  const ports = { identity: e.IDENTITY_PORT, 'access-control': e.ACCESS_CONTROL_PORT };
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.GATEHOUSE_HOST,
    dataDir,
    gatewayPort: e.GATEWAY_PORT,
    ports,
    subgraphUrls: {
      identity: e.IDENTITY_URL ?? `http://${e.GATEHOUSE_HOST}:${ports.identity}/graphql`,
      'access-control': e.ACCESS_CONTROL_URL ?? `http://${e.GATEHOUSE_HOST}:${ports['access-control']}/graphql`,
    },
    databaseUrls: {
      identity: e.IDENTITY_DATABASE_URL ?? e.DATABASE_URL ?? null,
      'access-control': e.ACCESS_CONTROL_DATABASE_URL ?? e.DATABASE_URL ?? null,
    },
    databasePrefix: e.DATABASE_PREFIX,
    // In production only identity (which issues access tokens) and the gateway (which verifies them) are given it.
    jwtSecret: e.JWT_SECRET ?? (production ? null : embedded().jwt),
    requestSigning: Object.freeze({ windowMs: e.REQUEST_SIGNATURE_WINDOW_MS, ...keys }),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    maxPageSize: e.MAX_PAGE_SIZE,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    subscriptionKeepAliveMs: e.SUBSCRIPTION_KEEPALIVE_MS,
    maxSubscriptionsPerConnection: e.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    viewerCacheTtlMs: e.VIEWER_CACHE_TTL_MS,
    introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    playground: e.GRAPHQL_PLAYGROUND ?? !production,
    limits: { depth: e.MAX_QUERY_DEPTH, cost: e.MAX_QUERY_COST, aliases: e.MAX_ALIASES, tokens: e.MAX_TOKENS },
    outboxPollMs: e.OUTBOX_POLL_MS,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    loginThrottle: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockSeconds: e.LOGIN_LOCK_SECONDS,
    },
    maxRequestBodyBytes: e.MAX_REQUEST_BODY_KB * 1024,
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM, appUrl: e.APP_URL, tokenTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES },
    events: { redisUrl: e.REDIS_URL ?? null, stream: e.EVENT_STREAM, maxDeliveries: e.EVENT_MAX_DELIVERIES, claimIdleMs: e.EVENT_CLAIM_IDLE_MS, maxLength: e.EVENT_STREAM_MAX_LENGTH },
  });
}

/**
 * The access-token secret, for the services that need it (identity issues tokens, the gateway verifies
 * them); a production process of another service is not given it, so it cannot mint tokens.
 */
export function jwtSecretFor(config: Pick<GatehouseConfig, 'jwtSecret'>, requiredBy: string): string {
  if (!config.jwtSecret) throw new ConfigError([`JWT_SECRET: required by ${requiredBy} (32+ characters)`]);
  return config.jwtSecret;
}
