import { GraphQLError } from 'graphql';
import { GatehouseConfig, RequestSigner, Viewer, anonymousViewer, callRoute, jwtSecretFor, noPermissions, requestSigner } from '@gatehouse/shared';
import { sessionStatusRoute } from '@gatehouse/identity-contracts';
import { ApiKeyViewers, apiKeyPrefix } from './api-key-viewers';
import { PermissionLookups } from './permission-lookups';
import { requestDeadline, timeLeftMs } from './request-deadline';
import { CachedViewer, freshViewer, remember } from './viewer-cache';
import { VerifiedTokens } from './verified-tokens';

/** Whose cached viewers were just evicted. */
export type InvalidationScope = { accountId: string } | { organizationId: string } | { keyId: string };

/**
 * Turns a bearer token into the viewer subgraphs trust: the token's signature and expiry here,
 * then the session and membership (identity) and effective permissions (access control), cached
 * for a few seconds and dropped early when an event names the account.
 */
export class ViewerResolver {
  /** `<accountId>:<organizationId>:<session>` (access tokens) or `apiKey:<hash>` → viewer. */
  private readonly cache = new Map<string, CachedViewer>();
  private readonly permissionLookups: PermissionLookups;
  private readonly apiKeys: ApiKeyViewers;
  private readonly listeners = new Set<(scope: InvalidationScope) => void>();

  /** Verifies access tokens (identity signs them with the same secret), each once until it expires. */
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly config: GatehouseConfig,
    /** The gateway's own key: identity and access control accept its internal calls by it. */
    private readonly signer: RequestSigner = requestSigner(config, 'gateway', 'the gateway'),
  ) {
    this.tokens = new VerifiedTokens(jwtSecretFor(config, 'the gateway (it verifies access tokens)'));
    this.permissionLookups = new PermissionLookups(() => config.subgraphUrls['access-control'], signer);
    this.apiKeys = new ApiKeyViewers(() => config.subgraphUrls.identity, signer, this.cache, config.viewerCacheTtlMs);
  }

  /**
   * The caller behind an `Authorization: Bearer` header (an access token, or an API key, which
   * starts with `ghk_`) or an `X-Api-Key` header. The look-ups give up at `deadline` (epoch ms),
   * the request's own, so what is left of it goes to the subgraph fetches.
   */
  async resolve(authorization: string | undefined, apiKeyHeader?: string | string[], deadline = requestDeadline(this.config.subgraphTimeoutMs)): Promise<Viewer> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const apiKey = typeof apiKeyHeader === 'string' && apiKeyHeader ? apiKeyHeader.trim() : token?.startsWith(apiKeyPrefix) ? token : null;
    if (apiKey) return this.apiKeys.resolve(apiKey, deadline);
    if (!token) return anonymousViewer;
    const claims = this.tokens.verify(token);
    if (!claims) return anonymousViewer;
    const key = `${claims.accountId}:${claims.organizationId}:${claims.sessionFamilyId}`;
    const cached = freshViewer(this.cache, key);
    if (cached) return cached;
    const viewer = this.load(key, token, claims.accountId, claims.organizationId, claims.sessionFamilyId, deadline);
    const entry = { viewer, expiresAt: Date.now() + this.config.viewerCacheTtlMs };
    remember(this.cache, key, entry);
    // Cached for the TTL from when the viewer is known, not from when the look-up began.
    viewer.then(() => (entry.expiresAt = Date.now() + this.config.viewerCacheTtlMs)).catch(() => this.cache.get(key) === entry && this.cache.delete(key));
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
    this.apiKeys.invalidate(keyId);
    this.notify({ keyId });
  }

  /** Forgets every cached member viewer of the organization (a role's grants changed: any holder may be affected). */
  invalidateOrganization(organizationId: string): void {
    const ofOrganization = (key: string) => key.split(':')[1] === organizationId;
    for (const key of this.cache.keys()) if (ofOrganization(key)) this.cache.delete(key);
    this.permissionLookups.forget(ofOrganization);
    this.notify({ organizationId });
  }

  /** Forgets every cached viewer of the account (its roles, membership or session changed). */
  invalidateAccount(accountId: string): void {
    const ofAccount = (key: string) => key.startsWith(`${accountId}:`);
    for (const key of this.cache.keys()) if (ofAccount(key)) this.cache.delete(key);
    this.permissionLookups.forget(ofAccount);
    this.notify({ accountId });
  }

  private async load(key: string, accessToken: string, accountId: string, organizationId: string, sessionId: string, deadline: number): Promise<Viewer> {
    const options = { signer: this.signer, timeoutMs: timeLeftMs(deadline) };
    const [session, permissions] = await Promise.allSettled([
      callRoute(sessionStatusRoute, this.config.subgraphUrls.identity, { accessToken }, options),
      this.permissionLookups.permissions(key, accountId, organizationId, deadline),
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
}
