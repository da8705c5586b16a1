import { KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { UsageQuery } from '../dashboard/usage.service';
import { UsageScope } from '../dashboard/usage-scope';

export type ExportKind = 'DAILY' | 'EVENTS';

/** What a link lets its holder download: one organization's usage within the scope of who asked for it. */
export interface ExportGrant {
  scope: UsageScope;
  query: UsageQuery;
  kind: ExportKind;
  /** Epoch ms after which the link no longer works. */
  expiresAt: number;
}

/** How long a download link works: long enough to click, short enough not to be worth stealing. */
export const exportLinkTtlMs = 5 * 60_000;

/**
 * Short-lived download links, signed with the metering service's own Ed25519 key (every instance
 * holds it), so a link obtained through GraphQL works on any instance and cannot be forged or
 * widened: the grant (organization, scope, filter, kind, expiry) is inside what is signed.
 */
export class ExportLinks {
  private readonly publicKey: KeyObject;

  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: () => number,
  ) {
    this.publicKey = createPublicKey(privateKey);
  }

  issue(grant: Omit<ExportGrant, 'expiresAt'>): { token: string; expiresAt: Date } {
    const expiresAt = this.now() + exportLinkTtlMs;
    const body = Buffer.from(JSON.stringify({ ...grant, expiresAt })).toString('base64url');
    const signature = sign(null, Buffer.from(body), this.privateKey).toString('base64url');
    return { token: `${body}.${signature}`, expiresAt: new Date(expiresAt) };
  }

  /** The grant a token carries, or null when it is malformed, forged or expired. */
  read(token: string): ExportGrant | null {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined || token.length > 8192) return null;
    try {
      if (!verify(null, Buffer.from(body), this.publicKey, Buffer.from(signature, 'base64url'))) return null;
      const grant = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ExportGrant;
      return grant.expiresAt > this.now() ? grant : null;
    } catch {
      return null;
    }
  }
}
