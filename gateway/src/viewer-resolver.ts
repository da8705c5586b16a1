import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { GatehouseConfig, PermissionSet, RequestSigner, Viewer, anonymousViewer, callInternal, noPermissions, requestSigner, verifyAccessToken } from '@gatehouse/shared';

interface CachedViewer {
  viewer: Promise<Viewer>;
  expiresAt: number;
}

/** Upper bound on cached viewers: a flood of distinct tokens cannot grow memory without limit. */
const maxEntries = 10_000;
/** How old a last-known viewer may be and still stand in while access control is unreachable. */
const staleForMs = 5 * 60_000;

/** Platform API keys start with this; SCIM tokens (ghs_) are accepted only by the SCIM endpoint. */
const apiKeyPrefix = 'ghk_';

type ApiKeyStatus = { valid: false } | { valid: true; keyId: string; organizationId: string; permissions: PermissionSet };

/** Whose cached viewers were just evicted. */
export type InvalidationScope = { accountId: string } | { organizationId: string } | { keyId: string };

type SessionStatus = { valid: boolean; membershipStatus: 'ACTIVE' | 'PENDING' | null };

/**
 * Turns a bearer token into the viewer subgraphs trust: the token's signature and expiry here,
 * then the session and membership (identity) and effective permissions (access control), cached
 * for a few seconds and dropped early when an event names the account.
 */
export class ViewerResolver {
  private readonly cache = new Map<string, CachedViewer>();
  private readonly lastKnownPermissions = new Map<string, { permissions: PermissionSet; at: number }>();
  /** keyId → cache key of its verdict. */
  private readonly apiKeyEntries = new Map<string, string>();
  private readonly listeners = new Set<(scope: InvalidationScope) => void>();

  constructor(
    private readonly config: GatehouseConfig,
    /** The gateway's own key: identity and access control accept its internal calls by it. */
    private readonly signer: RequestSigner = requestSigner(config, 'gateway', 'the gateway'),
  ) {}

  /**
   * The caller behind an `Authorization: Bearer` header (an access token, or an API key, which
   * starts with `ghk_`) or an `X-Api-Key` header.
   */
  async resolve(authorization: string | undefined, apiKeyHeader?: string | string[]): Promise<Viewer> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const apiKey = typeof apiKeyHeader === 'string' && apiKeyHeader ? apiKeyHeader.trim() : token?.startsWith(apiKeyPrefix) ? token : null;
    if (apiKey) return this.resolveApiKey(apiKey);
    if (!token) return anonymousViewer;
    const claims = verifyAccessToken(token, this.config.jwtSecret);
    if (!claims) return anonymousViewer;
    const key = `${claims.accountId}:${claims.organizationId}:${claims.sessionFamilyId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.viewer;
    const viewer = this.load(key, token, claims.accountId, claims.organizationId, claims.sessionFamilyId);
    remember(this.cache, key, { viewer, expiresAt: Date.now() + this.config.viewerCacheTtlMs });
    viewer.catch(() => this.cache.delete(key));
    return viewer;
  }

  private resolveApiKey(secret: string): Promise<Viewer> {
    const key = `apiKey:${createHash('sha256').update(secret).digest('hex')}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.viewer;
    const options = { signer: this.signer, audience: 'identity', timeoutMs: this.config.subgraphTimeoutMs };
    const viewer = callInternal<ApiKeyStatus>(this.config.subgraphUrls.identity, 'api-key-status', { key: secret }, options).then(
      (status): Viewer => (status.valid ? { kind: 'apiKey', keyId: status.keyId, organizationId: status.organizationId, permissions: status.permissions } : anonymousViewer),
      () => {
        throw new GraphQLError('The identity service is unavailable.', { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'identity', http: { status: 503 } } });
      },
    );
    remember(this.cache, key, { viewer, expiresAt: Date.now() + this.config.viewerCacheTtlMs });
    viewer.then((v) => v.kind === 'apiKey' && this.apiKeyEntries.set(v.keyId, key)).catch(() => this.cache.delete(key));
    return viewer;
  }

  /** Called after each eviction: long-lived connections (subscriptions) re-check their viewer. */
  onInvalidate(listener: (scope: InvalidationScope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(scope: InvalidationScope): void {
    for (const listener of this.listeners) listener(scope);
  }

  /** Forgets the cached verdict on a revoked key, so it stops working on the very next request. */
  invalidateApiKey(keyId: string): void {
    const key = this.apiKeyEntries.get(keyId);
    if (key) this.cache.delete(key);
    this.apiKeyEntries.delete(keyId);
    this.notify({ keyId });
  }

  /** Forgets every cached member viewer of the organization (a role's grants changed: any holder may be affected). */
  invalidateOrganization(organizationId: string): void {
    for (const map of [this.cache, this.lastKnownPermissions]) {
      for (const key of map.keys()) if (key.split(':')[1] === organizationId) map.delete(key);
    }
    this.notify({ organizationId });
  }

  /** Forgets every cached viewer of the account (its roles, membership or session changed). */
  invalidateAccount(accountId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${accountId}:`)) this.cache.delete(key);
    for (const key of this.lastKnownPermissions.keys()) if (key.startsWith(`${accountId}:`)) this.lastKnownPermissions.delete(key);
    this.notify({ accountId });
  }

  private async load(key: string, accessToken: string, accountId: string, organizationId: string, sessionId: string): Promise<Viewer> {
    const as = (audience: string) => ({ signer: this.signer, audience, timeoutMs: this.config.subgraphTimeoutMs });
    const [session, access] = await Promise.allSettled([
      callInternal<SessionStatus>(this.config.subgraphUrls.identity, 'session-status', { accessToken }, as('identity')),
      callInternal<{ permissions: PermissionSet }>(this.config.subgraphUrls['access-control'], 'viewer-permissions', { accountId, organizationId }, as('access-control')),
    ]);
    // Without identity nobody can vouch for the session: fail the request rather than guess.
    if (session.status === 'rejected') {
      throw new GraphQLError('The identity service is unavailable.', { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'identity', http: { status: 503 } } });
    }
    if (!session.value.valid || !session.value.membershipStatus) return anonymousViewer;
    let permissions: PermissionSet;
    if (access.status === 'fulfilled') {
      permissions = access.value.permissions;
      remember(this.lastKnownPermissions, key, { permissions, at: Date.now() });
    } else {
      // Access control is down: keep serving with what we last knew, or with no permissions at all.
      const last = this.lastKnownPermissions.get(key);
      permissions = last && Date.now() - last.at < staleForMs ? last.permissions : noPermissions;
    }
    const status = session.value.membershipStatus;
    return {
      kind: 'member',
      accountId,
      organizationId,
      sessionId,
      membershipStatus: status,
      permissions: status === 'ACTIVE' ? permissions : noPermissions,
    };
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key) && map.size >= maxEntries) map.delete(map.keys().next().value!);
  map.set(key, value);
}
