import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const secret = z.string().min(32, 'must be at least 32 characters');
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
  VIEWER_SIGNING_SECRET: secret.optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  VIEWER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  GRAPHQL_INTROSPECTION: flag.optional(),
  GRAPHQL_PLAYGROUND: flag.optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
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
  jwtSecret: string;
  viewerSigningSecret: string;
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Secrets for embedded mode: generated once and kept in the data folder so tokens survive a
 * restart. Production must set them explicitly (a missing one is a config error).
 */
function embeddedSecrets(dataDir: string): { jwt: string; viewer: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { jwt: randomBytes(32).toString('base64url'), viewer: randomBytes(32).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
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
  if (production && !e.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (production && !e.VIEWER_SIGNING_SECRET) problems.push('VIEWER_SIGNING_SECRET: required when NODE_ENV=production');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(e.GATEHOUSE_DATA_DIR);
  const generated = !e.JWT_SECRET || !e.VIEWER_SIGNING_SECRET ? embeddedSecrets(dataDir) : null;
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
    jwtSecret: e.JWT_SECRET ?? generated!.jwt,
    viewerSigningSecret: e.VIEWER_SIGNING_SECRET ?? generated!.viewer,
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
