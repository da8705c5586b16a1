import { GatehouseConfig, PermissionSet, Viewer, anonymousViewer, callInternal, verifyAccessToken } from '@gatehouse/shared';

interface CachedViewer {
  viewer: Promise<Viewer>;
  expiresAt: number;
}

/** Upper bound on cached viewers: a flood of distinct tokens cannot grow memory without limit. */
const maxEntries = 10_000;

/**
 * Turns a bearer token into the viewer subgraphs trust: the token's signature and expiry here,
 * then the session and membership (identity) and effective permissions (access control), cached
 * for a few seconds and dropped early when a permission-change event names the account.
 */
export class ViewerResolver {
  private readonly cache = new Map<string, CachedViewer>();

  constructor(private readonly config: GatehouseConfig) {}

  async resolve(authorization: string | undefined): Promise<Viewer> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return anonymousViewer;
    const claims = verifyAccessToken(token, this.config.jwtSecret);
    if (!claims) return anonymousViewer;
    const key = `${claims.accountId}:${claims.organizationId}:${claims.sessionFamilyId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.viewer;
    const viewer = this.load(token, claims.accountId, claims.organizationId, claims.sessionFamilyId);
    if (this.cache.size >= maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { viewer, expiresAt: Date.now() + this.config.viewerCacheTtlMs });
    viewer.catch(() => this.cache.delete(key));
    return viewer;
  }

  /** Forgets every cached viewer of the account (its roles or membership changed). */
  invalidateAccount(accountId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${accountId}:`)) this.cache.delete(key);
  }

  private async load(accessToken: string, accountId: string, organizationId: string, sessionId: string): Promise<Viewer> {
    const options = { secret: this.config.viewerSigningSecret, caller: 'gateway', timeoutMs: this.config.subgraphTimeoutMs };
    const [session, access] = await Promise.all([
      callInternal<{ valid: boolean; membershipStatus: 'ACTIVE' | 'PENDING' | null }>(this.config.subgraphUrls.identity, 'session-status', { accessToken }, options),
      callInternal<{ permissions: PermissionSet }>(this.config.subgraphUrls['access-control'], 'viewer-permissions', { accountId, organizationId }, options),
    ]);
    if (!session.valid || !session.membershipStatus) return anonymousViewer;
    const active = session.membershipStatus === 'ACTIVE';
    return {
      kind: 'member',
      accountId,
      organizationId,
      sessionId,
      membershipStatus: session.membershipStatus,
      permissions: active ? access.permissions : { levels: {}, capabilities: [] },
    };
  }
}
