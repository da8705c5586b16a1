import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { GatehouseConfig, PermissionSet, RequestSigner, Viewer, anonymousViewer, callInternal, jwtSecretFor, noPermissions, requestSigner, verifyAccessToken } from '@gatehouse/shared';
import { requestDeadline, timeLeftMs, valueWithin } from './request-deadline';

interface CachedViewer {
  viewer: Promise<Viewer>;
  expiresAt: number;
}

/** Upper bound on cached viewers: a flood of distinct tokens cannot grow memory without limit. */
const maxEntries = 10_000;
/** How old a last-known viewer may be and still stand in while access control is unreachable. */
const staleForMs = 5 * 60_000;
/**
 * The part of a request's time the viewer look-up may spend waiting for access control: the rest
 * is kept for the query's own fetches, so a frozen access control still leaves time for identity's
 * part of the answer within the one deadline.
 */
const permissionsShareOfDeadline = 0.5;

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
  /** The one permissions look-up per viewer in flight: requests that need it share it. */
  private readonly permissionLookups = new Map<string, Promise<PermissionSet | null>>();
  /**
   * False since access control last failed to answer (refused, or past a deadline), true again
   * when it answers. While false, a viewer with last-known permissions is served them at once
   * instead of waiting for a service that is probably still away; the look-up goes on behind.
   */
  private accessControlAnswering = true;
  /** keyId → cache key of its verdict. */
  private readonly apiKeyEntries = new Map<string, string>();
  private readonly listeners = new Set<(scope: InvalidationScope) => void>();

  /** Verifies access tokens (identity signs them with the same secret). */
  private readonly jwtSecret: string;

  constructor(
    private readonly config: GatehouseConfig,
    /** The gateway's own key: identity and access control accept its internal calls by it. */
    private readonly signer: RequestSigner = requestSigner(config, 'gateway', 'the gateway'),
  ) {
    this.jwtSecret = jwtSecretFor(config, 'the gateway (it verifies access tokens)');
  }

  /**
   * The caller behind an `Authorization: Bearer` header (an access token, or an API key, which
   * starts with `ghk_`) or an `X-Api-Key` header. The look-ups give up at `deadline` (epoch ms),
   * the request's own, so what is left of it goes to the subgraph fetches.
   */
  async resolve(authorization: string | undefined, apiKeyHeader?: string | string[], deadline = requestDeadline(this.config.subgraphTimeoutMs)): Promise<Viewer> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const apiKey = typeof apiKeyHeader === 'string' && apiKeyHeader ? apiKeyHeader.trim() : token?.startsWith(apiKeyPrefix) ? token : null;
    if (apiKey) return this.resolveApiKey(apiKey, deadline);
    if (!token) return anonymousViewer;
    const claims = verifyAccessToken(token, this.jwtSecret);
    if (!claims) return anonymousViewer;
    const key = `${claims.accountId}:${claims.organizationId}:${claims.sessionFamilyId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.viewer;
    const viewer = this.load(key, token, claims.accountId, claims.organizationId, claims.sessionFamilyId, deadline);
    const entry = { viewer, expiresAt: Date.now() + this.config.viewerCacheTtlMs };
    remember(this.cache, key, entry);
    // Cached for the TTL from when the viewer is known, not from when the look-up began.
    viewer.then(() => (entry.expiresAt = Date.now() + this.config.viewerCacheTtlMs)).catch(() => this.cache.get(key) === entry && this.cache.delete(key));
    return viewer;
  }

  private resolveApiKey(secret: string, deadline: number): Promise<Viewer> {
    const key = `apiKey:${createHash('sha256').update(secret).digest('hex')}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.viewer;
    const options = { signer: this.signer, audience: 'identity', timeoutMs: timeLeftMs(deadline) };
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
    for (const map of [this.cache, this.lastKnownPermissions, this.permissionLookups]) {
      for (const key of map.keys()) if (key.split(':')[1] === organizationId) map.delete(key);
    }
    this.notify({ organizationId });
  }

  /** Forgets every cached viewer of the account (its roles, membership or session changed). */
  invalidateAccount(accountId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${accountId}:`)) this.cache.delete(key);
    for (const map of [this.lastKnownPermissions, this.permissionLookups]) {
      for (const key of map.keys()) if (key.startsWith(`${accountId}:`)) map.delete(key);
    }
    this.notify({ accountId });
  }

  private async load(key: string, accessToken: string, accountId: string, organizationId: string, sessionId: string, deadline: number): Promise<Viewer> {
    const options = { signer: this.signer, audience: 'identity', timeoutMs: timeLeftMs(deadline) };
    const [session, permissions] = await Promise.allSettled([
      callInternal<SessionStatus>(this.config.subgraphUrls.identity, 'session-status', { accessToken }, options),
      this.permissions(key, accountId, organizationId, deadline),
    ]);
    // Without identity nobody can vouch for the session: fail the request rather than guess.
    if (session.status === 'rejected') {
      throw new GraphQLError('The identity service is unavailable.', { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'identity', http: { status: 503 } } });
    }
    if (!session.value.valid || !session.value.membershipStatus) return anonymousViewer;
    const status = session.value.membershipStatus;
    return {
      kind: 'member',
      accountId,
      organizationId,
      sessionId,
      membershipStatus: status,
      permissions: status === 'ACTIVE' && permissions.status === 'fulfilled' ? permissions.value : noPermissions,
    };
  }

  /**
   * The member's effective permissions: from access control, or, when it does not answer within
   * its share of the deadline, what we last knew (at most `staleForMs` old), else none. While
   * access control is known to be away, last-known permissions are served without waiting for it.
   */
  private async permissions(key: string, accountId: string, organizationId: string, deadline: number): Promise<PermissionSet> {
    const lookup = this.permissionLookups.get(key) ?? this.lookUpPermissions(key, accountId, organizationId, deadline);
    const last = this.lastKnownPermissions.get(key);
    const lastKnown = last && Date.now() - last.at < staleForMs ? last.permissions : null;
    if (!this.accessControlAnswering && lastKnown) return lastKnown;
    return (await valueWithin(lookup, timeLeftMs(deadline) * permissionsShareOfDeadline)) ?? lastKnown ?? noPermissions;
  }

  private lookUpPermissions(key: string, accountId: string, organizationId: string, deadline: number): Promise<PermissionSet | null> {
    const options = { signer: this.signer, audience: 'access-control', timeoutMs: timeLeftMs(deadline) };
    const lookup: Promise<PermissionSet | null> = callInternal<{ permissions: PermissionSet }>(this.config.subgraphUrls['access-control'], 'viewer-permissions', { accountId, organizationId }, options).then(
      ({ permissions }) => {
        this.accessControlAnswering = true;
        // An eviction while the look-up ran means its answer may predate the change: do not keep it.
        if (this.permissionLookups.get(key) === lookup) remember(this.lastKnownPermissions, key, { permissions, at: Date.now() });
        return permissions;
      },
      () => {
        this.accessControlAnswering = false;
        return null;
      },
    );
    remember(this.permissionLookups, key, lookup);
    void lookup.finally(() => this.permissionLookups.get(key) === lookup && this.permissionLookups.delete(key));
    return lookup;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key) && map.size >= maxEntries) map.delete(map.keys().next().value!);
  map.set(key, value);
}
