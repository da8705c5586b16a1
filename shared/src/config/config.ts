import { KeyObject, createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SubgraphEnvironment, environmentSchema, signingServicesOf, variablePrefix } from './environment';
import { SigningService, generateServiceKeyPair, keyVariablePrefix, parsePrivateKey, parsePublicKey, samePublicKey } from './service-keys';

/** A subgraph's name (kebab-case); the registry (src/registry.ts) lists them. */
export type SubgraphName = string;

export interface GatehouseConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  dataDir: string;
  gatewayPort: number;
  /** The subgraphs this configuration was read for, by name (what the registry lists). */
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
  /** Invitations: how soon a resent invitation may be resent again, and how many one organization may create per rolling hour. */
  invitations: { resendIntervalSeconds: number; perOrganizationPerHour: number };
  /** Metering: how long a token reservation holds before it expires; the percentages of a daily limit whose crossing is told. */
  metering: { tokenHoldSeconds: number; limitAlertPercents: number[] };
  inquiries: { perMemberPerDay: number };
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
function embeddedSecrets(dataDir: string, signingServices: readonly string[], attempt = 0): EmbeddedSecrets {
  const file = join(dataDir, 'secrets.json');
  const found = existsSync(file);
  const stored = (found ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Partial<EmbeddedSecrets>;
  const secrets: EmbeddedSecrets = {
    jwt: stored.jwt ?? randomBytes(32).toString('base64url'),
    // Keys of services this configuration does not know are kept: another run may know them.
    signingKeys: { ...stored.signingKeys, ...Object.fromEntries(signingServices.map((s) => [s, stored.signingKeys?.[s] ?? generateServiceKeyPair().signingKey])) },
  };
  if (JSON.stringify(secrets) !== JSON.stringify({ jwt: stored.jwt, signingKeys: stored.signingKeys })) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole under another name, then put in place: a reader never sees half a file.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, JSON.stringify(secrets), { mode: 0o600 });
    // Whether a file was there when it was read, not whether one is there now: another service starting at the same
    // moment may have created it since, and replacing that would leave the two signing with different keys.
    if (found) renameSync(temporary, file);
    else {
      try {
        // Services started at once on an empty folder: the first file wins, the others use its secrets.
        linkSync(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
        return embeddedSecrets(dataDir, signingServices, attempt + 1);
      } finally {
        rmSync(temporary, { force: true });
      }
    }
  }
  return secrets;
}

/**
 * Each signing service's keys from the environment; in embedded mode (not production) a service
 * with neither variable set uses the key generated into secrets.json. A process given only the
 * public keys of a service verifies it and cannot sign as it.
 */
function requestSigningFrom(env: Record<string, unknown>, signingServices: readonly string[], production: boolean, embedded: () => EmbeddedSecrets, problems: string[]): Pick<RequestSigning, 'signingKeys' | 'verifyKeys'> {
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

/**
 * Reads and validates the environment once, for the subgraphs given (the registry's, see
 * src/registry.ts: each brings <NAME>_PORT, <NAME>_URL, <NAME>_DATABASE_URL); throws ConfigError
 * naming every bad value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, subgraphs: readonly SubgraphEnvironment[] = []): GatehouseConfig {
  const parsed = environmentSchema(subgraphs).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shaped by environmentSchema
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const dataDir = resolve(e.GATEHOUSE_DATA_DIR);
  let generated: EmbeddedSecrets | null = null;
  const signingServices = signingServicesOf(subgraphs);
  const embedded = () => (generated ??= embeddedSecrets(dataDir, signingServices));
  const keys = requestSigningFrom(e, signingServices, production, embedded, problems);
  if (problems.length) throw new ConfigError(problems);
  const own = <T>(read: (prefix: string, name: string) => T): Record<SubgraphName, T> => Object.fromEntries(subgraphs.map((s) => [s.name, read(variablePrefix(s.name), s.name)]));
  const ports = own((prefix) => e[`${prefix}_PORT`] as number);
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.GATEHOUSE_HOST,
    dataDir,
    gatewayPort: e.GATEWAY_PORT,
    ports,
    subgraphUrls: own((prefix, name) => (e[`${prefix}_URL`] as string | undefined) ?? `http://${e.GATEHOUSE_HOST}:${ports[name]}/graphql`),
    databaseUrls: own((prefix) => (e[`${prefix}_DATABASE_URL`] as string | undefined) ?? e.DATABASE_URL ?? null),
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
    invitations: { resendIntervalSeconds: e.INVITATION_RESEND_INTERVAL_SECONDS, perOrganizationPerHour: e.INVITATIONS_PER_HOUR },
    metering: { tokenHoldSeconds: e.TOKEN_HOLD_SECONDS, limitAlertPercents: e.TOKEN_LIMIT_ALERT_PERCENTS },
    inquiries: { perMemberPerDay: e.INQUIRIES_PER_MEMBER_PER_DAY },
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
