import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { RequestSigner, Viewer, anonymousViewer, callRoute } from '@gatehouse/shared';
import { apiKeyStatusRoute } from '@gatehouse/identity-contracts';
import { timeLeftMs } from './request-deadline';
import { CachedViewer, freshViewer, remember } from './viewer-cache';

/** Platform API keys start with this; SCIM tokens (ghs_) are accepted only by the SCIM endpoint. */
export const apiKeyPrefix = 'ghk_';

/**
 * API keys as viewers: identity's verdict on a key, cached like a token's viewer (under the
 * secret's hash, never the secret) and forgotten the moment the key is revoked.
 */
export class ApiKeyViewers {
  /** keyId → cache key of its verdict. */
  private readonly entries = new Map<string, string>();

  constructor(
    private readonly identityUrl: () => string,
    private readonly signer: RequestSigner,
    /** The gateway's viewer cache, shared with access tokens (one bound for both). */
    private readonly cache: Map<string, CachedViewer>,
    private readonly ttlMs: number,
  ) {}

  resolve(secret: string, deadline: number): Promise<Viewer> {
    const key = `apiKey:${createHash('sha256').update(secret).digest('hex')}`;
    const cached = freshViewer(this.cache, key);
    if (cached) return cached;
    const options = { signer: this.signer, timeoutMs: timeLeftMs(deadline) };
    const viewer = callRoute(apiKeyStatusRoute, this.identityUrl(), { key: secret }, options).then(
      (status): Viewer => (status.valid ? { kind: 'apiKey', keyId: status.keyId, organizationId: status.organizationId, permissions: status.permissions } : anonymousViewer),
      () => {
        throw new GraphQLError('The identity service is unavailable.', { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'identity', http: { status: 503 } } });
      },
    );
    remember(this.cache, key, { viewer, expiresAt: Date.now() + this.ttlMs });
    viewer.then((v) => v.kind === 'apiKey' && this.entries.set(v.keyId, key)).catch(() => this.cache.delete(key));
    return viewer;
  }

  /** Forgets the cached verdict on a revoked key, so it stops working on the very next request. */
  invalidate(keyId: string): void {
    const key = this.entries.get(keyId);
    if (key) this.cache.delete(key);
    this.entries.delete(keyId);
  }
}
