import { z } from 'zod';
import { parsePrivateKey, parsePublicKey } from './service-keys';

/** What the configuration needs to know of a subgraph: its name and its port. */
export interface SubgraphEnvironment {
  /** kebab-case: `access-control` reads ACCESS_CONTROL_PORT, ACCESS_CONTROL_URL, ACCESS_CONTROL_DATABASE_URL. */
  name: string;
  defaultPort: number;
  /** It calls other subgraphs' internal routes under its own key (<NAME>_SIGNING_KEY / <NAME>_VERIFY_KEYS). */
  signsInternalCalls?: boolean;
}

/** One variable: how it is checked, and the comment `.env.example` gives it. */
export interface EnvironmentVariable {
  name: string;
  schema: z.ZodType;
  /** Comment lines above it in `.env.example`. */
  doc?: string[];
  /** Shown commented out when the variable has no default (`# NAME=example`). */
  example?: string;
}

/** A block of `.env.example`: a comment, then its variables. */
export interface EnvironmentSection {
  doc?: string[];
  variables: EnvironmentVariable[];
}

/** The prefix of a service's variables: `access-control` → ACCESS_CONTROL. */
export function variablePrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

export const port = z.coerce.number().int().min(0).max(65535);
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
const databaseUrl = z.string().refine((v) => /^(mysql|mariadb):\/\//.test(v) || /^sqlite:/.test(v), 'must be a mysql://, mariadb:// or sqlite: URL');
/** Percentages, comma-separated: whole numbers from 1 to 1000, at most ten. */
const percentList = z
  .string()
  .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean).map(Number))
  .refine((percents) => percents.length <= 10 && percents.every((p) => Number.isInteger(p) && p >= 1 && p <= 1000), 'must list up to ten whole percentages from 1 to 1000, comma-separated');
const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The services that sign requests to subgraphs: every gateway, and each subgraph that calls another. */
export function signingServicesOf(subgraphs: readonly SubgraphEnvironment[]): string[] {
  return ['gateway', ...subgraphs.filter((s) => s.signsInternalCalls).map((s) => s.name)];
}

const v = (name: string, schema: z.ZodType, doc?: string[], example?: string): EnvironmentVariable => ({ name, schema, doc, example });

/**
 * Every environment variable Gatehouse reads, in `.env.example`'s order: the per-subgraph ones are
 * derived from the subgraphs' names, so a new subgraph brings its variables with it.
 */
export function environmentSections(subgraphs: readonly SubgraphEnvironment[]): EnvironmentSection[] {
  const each = (make: (s: SubgraphEnvironment, prefix: string) => EnvironmentVariable) => subgraphs.map((s) => make(s, variablePrefix(s.name)));
  const signers = signingServicesOf(subgraphs);
  return [
    {
      doc: [
        'development | production | test. production requires the secrets each service needs (below:',
        'JWT_SECRET for identity and gateways, the signing keys), generates nothing, and turns introspection and the playground off unless',
        'GRAPHQL_INTROSPECTION / GRAPHQL_PLAYGROUND say otherwise.',
      ],
      variables: [
        v('NODE_ENV', z.enum(['development', 'production', 'test']).default('development')),
        v('GATEHOUSE_HOST', z.string().min(1).default('127.0.0.1'), ['Interface every service listens on.']),
        v('GATEHOUSE_DATA_DIR', z.string().min(1).default('./data'), ['SQLite files, generated secrets (embedded mode) and mail files (without SMTP_URL) live here.']),
      ],
    },
    {
      doc: ['Ports: the gateway, then each subgraph (<NAME>_PORT).'],
      variables: [v('GATEWAY_PORT', port.default(4000)), ...each((s, p) => v(`${p}_PORT`, port.default(s.defaultPort)))],
    },
    {
      doc: ['Where the gateway and other subgraphs reach each subgraph (distributed mode); default http://GATEHOUSE_HOST:<NAME>_PORT/graphql.'],
      variables: each((s, p) => v(`${p}_URL`, z.url().optional(), undefined, `http://${s.name}:${s.defaultPort}/graphql`)),
    },
    {
      doc: [
        'Database: SQLite under GATEHOUSE_DATA_DIR when unset. A mysql:// (or mariadb://) URL without a database',
        'name gives each subgraph its own database, DATABASE_PREFIX + subgraph (created if missing, migrated at start);',
        '<NAME>_DATABASE_URL overrides it for one subgraph (its own server, user and database).',
      ],
      variables: [
        v('DATABASE_URL', databaseUrl.optional(), undefined, 'mysql://root:secret@127.0.0.1:3306'),
        ...each((s, p) => v(`${p}_DATABASE_URL`, databaseUrl.optional(), undefined, `mysql://${s.name.replace(/-/g, '_')}:secret@db:3306/gatehouse_${s.name.replace(/-/g, '_')}`)),
        v('DATABASE_PREFIX', z.string().regex(/^[a-z0-9_]*$/, 'lowercase letters, digits and _ only').default('gatehouse_')),
      ],
    },
    {
      doc: [
        'Secrets. Embedded mode generates them into GATEHOUSE_DATA_DIR/secrets.json.',
        'JWT_SECRET (at least 32 characters) signs access tokens: identity issues them and gateways verify them;',
        'in production only those two are given it (no other subgraph can mint tokens).',
      ],
      variables: [v('JWT_SECRET', secret.optional(), undefined, '')],
    },
    {
      doc: [
        'The gate between services: every request to a subgraph carries an Ed25519 signature over the viewer,',
        "the client address, the body's hash, method, path, the subgraph it is for, the time and a nonce.",
        'Each signing service has its own key pair; `node dist/scripts/generate-keys.js` prints fresh ones',
        '(PKCS#8 / SPKI as base64 DER; PEM is accepted too). A *_SIGNING_KEY goes to that service only; its',
        '*_VERIFY_KEYS (one to three public keys, comma-separated) to the services that accept its calls.',
        "A process with a signing key and no verify keys verifies with the signing key's public half.",
        'Rotation: 1. give the subgraphs VERIFY_KEYS=new,old; 2. give the service SIGNING_KEY=new;',
        '3. once every instance signs with the new key, VERIFY_KEYS=new.',
        `Signing services: ${signers.join(', ')} (the gateway signs every viewer; a subgraph its internal calls).`,
      ],
      variables: [
        ...signers.flatMap((service) => [v(`${variablePrefix(service)}_SIGNING_KEY`, privateKey.optional(), undefined, ''), v(`${variablePrefix(service)}_VERIFY_KEYS`, publicKeys.optional(), undefined, '')]),
        v('REQUEST_SIGNATURE_WINDOW_MS', count(1000, 60_000, 5_000), [
          'How old (or, for clock skew, how far ahead) a signature may be; each subgraph instance refuses a',
          'nonce it has already seen for as long.',
        ]),
      ],
    },
    {
      variables: [
        v('ACCESS_TOKEN_TTL_SECONDS', count(30, 86_400, 900)),
        v('REFRESH_TOKEN_TTL_DAYS', count(1, 365, 30)),
        v('MAX_PAGE_SIZE', count(1, 1000, 100), ['Largest page any connection returns.']),
        v('SUBGRAPH_TIMEOUT_MS', count(100, 120_000, 10_000), [
          'A subgraph that does not answer in time counts as unavailable for that request. It is one budget per',
          'client request, shared by the viewer look-up and every subgraph fetch of the query plan.',
        ]),
        v('SHUTDOWN_GRACE_MS', count(0, 600_000, 10_000), [
          'On SIGTERM (or SIGINT) each service drains: /ready answers 503 at once, new requests get a JSON 503',
          '(SHUTTING_DOWN), requests in flight get this long to finish, then the process exits 0.',
        ]),
        v('SUBSCRIPTION_KEEPALIVE_MS', count(100, 600_000, 10_000), ['A subscription whose subgraph stops answering pings for this long ends with SUBGRAPH_UNAVAILABLE.']),
        v('MAX_SUBSCRIPTIONS_PER_CONNECTION', count(1, 10_000, 100), ['Subscriptions one client connection may hold at once (TOO_MANY_SUBSCRIPTIONS beyond).']),
        v('VIEWER_CACHE_TTL_MS', count(0, 60_000, 5_000), ['How long the gateway reuses a resolved viewer (permission changes also evict it at once in embedded mode).']),
        v('GRAPHQL_INTROSPECTION', flag.optional(), undefined, 'true'),
        v('GRAPHQL_PLAYGROUND', flag.optional(), undefined, 'true'),
        v('MAX_QUERY_DEPTH', count(2, 100, 15), [
          "Query limits enforced by the gateway (graphql-armor, tokens by graphql-js's parser). They count everything:",
          "introspection within depth and cost (the playground's introspection query has depth 15 and cost about 15,600),",
          'aliases of __typename among the aliases. Fragments do not add a level of depth; only fields do.',
        ]),
        v('MAX_QUERY_COST', z.coerce.number().int().min(10).default(20_000)),
        v('MAX_ALIASES', z.coerce.number().int().min(1).default(20)),
        v('MAX_TOKENS', z.coerce.number().int().min(50).default(2_000)),
        v('OUTBOX_POLL_MS', z.coerce.number().int().min(50).default(1_000), ["How often each service's relay looks for outbox events left behind (after a crash or a failed handler)."]),
        v('TRUST_PROXY', z.string().regex(/^(false|true|\d+|[\w.:/, -]+)$/, 'false, true, a hop count or addresses').default('false'), [
          'Express `trust proxy` for the gateway: false, true, a hop count, or trusted addresses. Decides the client',
          'address used by login throttling when Gatehouse runs behind a load balancer (docker-compose.yml: 1, the',
          'one load balancer in front of the gateways).',
        ]),
        v('LOGIN_MAX_FAILURES_PER_ACCOUNT', count(1, 1000, 5), [
          'Failed sign-ins before the account, or the client address, is locked for LOGIN_LOCK_SECONDS. A locked',
          'account answers exactly like a wrong password.',
        ]),
        v('LOGIN_MAX_FAILURES_PER_ADDRESS', count(1, 100_000, 50)),
        v('LOGIN_LOCK_SECONDS', count(1, 86_400, 900)),
        v('SMTP_URL', z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(), [
          'Mail: SMTP when SMTP_URL is set (smtp:// or smtps://user:pass@host:port), otherwise .eml files under',
          'GATEHOUSE_DATA_DIR/mail/. Links in mail point at APP_URL. Reset and confirmation links are single-use.',
          'docker-compose.yml defaults SMTP_URL to its mail catcher (smtp://mailpit:1025, read at http://localhost:8025).',
        ], 'smtp://mail.example.com:587'),
        v('MAIL_FROM', z.string().min(3).default('Gatehouse <no-reply@localhost>')),
        v('APP_URL', z.url().default('http://localhost:4000')),
        v('PASSWORD_RESET_TTL_MINUTES', count(5, 1440, 30)),
        v('INVITATION_RESEND_INTERVAL_SECONDS', count(0, 86_400, 60), [
          'Invitations: a resent invitation can be resent again only after this many seconds (0: no wait); the',
          'first resend is always allowed. An organization creates at most INVITATIONS_PER_HOUR invitations in any',
          'rolling hour (a bulk invite counts each row; resends do not count).',
        ]),
        v('INVITATIONS_PER_HOUR', count(1, 1_000_000, 2_000)),
        v('TOKEN_HOLD_SECONDS', count(10, 86_400, 900), [
          'Daily token limits: a reserveTokens hold that settleUsage has not released by then stops counting',
          "against the member's day (no job: an expired hold is simply no longer summed).",
        ]),
        v('INQUIRIES_PER_MEMBER_PER_DAY', count(1, 100_000, 50), [
          'Inquiries: how many a member may send in any rolling 24 hours (RATE_LIMITED beyond), so one account cannot flood the board.',
        ]),
        v('TOKEN_LIMIT_ALERT_PERCENTS', percentList.default([80, 100]), [
          'Percentages of a daily token limit whose crossing tells the member and the limit admins (tokenLimitReached),',
          'once per member, model scope and day; comma-separated, e.g. 50,80,100 (none: an empty value).',
        ]),
        v('MAX_REQUEST_BODY_KB', count(16, 65_536, 8_192), ['Largest request body, in KiB (a CSV user import travels in one request).']),
      ],
    },
    {
      doc: [
        "Distributed mode's event bus: Redis Streams (each service a consumer group). Without REDIS_URL,",
        'separately started services keep their events in their outbox.',
      ],
      variables: [
        v('REDIS_URL', z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(), undefined, 'redis://127.0.0.1:6379'),
        v('EVENT_STREAM', z.string().min(1).max(200).default('gatehouse:events')),
        v('EVENT_MAX_DELIVERIES', count(1, 100, 5), ['A failing event is retried this many times per service, then moved to <EVENT_STREAM>:dead.']),
        v('EVENT_CLAIM_IDLE_MS', count(100, 3_600_000, 30_000), ['An event a dead instance took and never acknowledged is taken over after this long.']),
        v('EVENT_STREAM_MAX_LENGTH', z.coerce.number().int().min(1000).default(1_000_000)),
      ],
    },
  ];
}

/** The schema `loadConfig` validates the environment with. */
export function environmentSchema(subgraphs: readonly SubgraphEnvironment[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const section of environmentSections(subgraphs)) for (const variable of section.variables) shape[variable.name] = variable.schema;
  return z.object(shape);
}

/** Variables only docker-compose.yml reads: the database server's root password, each subgraph's database user. */
function composeOnlySection(subgraphs: readonly SubgraphEnvironment[]): string[] {
  const urls = subgraphs.map((s) => `${variablePrefix(s.name)}_DATABASE_URL`).join(', ');
  return [
    '# docker-compose.yml only (Gatehouse itself does not read these): the database server\'s root password,',
    '# for the operator alone, and each subgraph\'s database user and password. On its first start the',
    '# database container creates database gatehouse_<subgraph> and its user, with rights on that database',
    `# only (deploy/mariadb/initdb); each subgraph connects as its own user (${urls}).`,
    '# Passwords go into URLs: 16+ characters of A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 24`).',
    '# Changing them later needs ALTER USER in the database as well.',
    '# MARIADB_ROOT_PASSWORD=',
    ...subgraphs.flatMap((s) => [`# ${variablePrefix(s.name)}_DB_USER=${s.name.replace(/-/g, '_')}`, `# ${variablePrefix(s.name)}_DB_PASSWORD=`]),
  ];
}

/** `.env.example`, generated from the schema above (`npm run schema` writes it; a test fails when it is stale). */
export function environmentExample(subgraphs: readonly SubgraphEnvironment[]): string {
  const lines = [
    '# Every variable Gatehouse reads, generated from the configuration schema (shared/src/config/environment.ts)',
    '# by `npm run schema`. All are optional in embedded mode (`npm start`); the defaults are shown.',
    '# Invalid values stop the process with one line per problem.',
  ];
  for (const section of environmentSections(subgraphs)) {
    lines.push('', ...(section.doc ?? []).map((d) => `# ${d}`));
    for (const variable of section.variables) {
      lines.push(...(variable.doc ?? []).map((d) => `# ${d}`));
      const fallback = variable.schema.safeParse(undefined);
      const value = fallback.success ? fallback.data : undefined;
      lines.push(value === undefined ? `# ${variable.name}=${variable.example ?? ''}` : `${variable.name}=${String(value)}`);
    }
  }
  lines.push('', ...composeOnlySection(subgraphs), '');
  return lines.join('\n');
}
