import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Area, Level, levelSatisfies } from '../authz/catalogue';
import { PermissionSet } from '../authz/effective-permissions';

export type MembershipStatus = 'ACTIVE' | 'PENDING';

/** Who is asking, as the gateway established it. Subgraphs trust only a correctly signed viewer. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'system'; service: string }
  | {
      kind: 'member';
      accountId: string;
      organizationId: string;
      sessionId: string | null;
      membershipStatus: MembershipStatus;
      permissions: PermissionSet;
    }
  | {
      /** A machine credential of one organization (an agent, a tool): its own grants, no account. */
      kind: 'apiKey';
      keyId: string;
      organizationId: string;
      permissions: PermissionSet;
    };

export type MemberViewer = Extract<Viewer, { kind: 'member' }>;

export const anonymousViewer: Viewer = Object.freeze({ kind: 'anonymous' });

export const VIEWER_HEADER = 'x-gatehouse-viewer';
export const VIEWER_SIGNATURE_HEADER = 'x-gatehouse-signature';
export const REQUEST_ID_HEADER = 'x-request-id';
/** The end client's network address as the gateway saw it; covered by the viewer signature. */
export const CLIENT_ADDRESS_HEADER = 'x-gatehouse-client-address';

/** How long a signed viewer stays valid: long enough for clock skew, short enough to limit replay. */
const maxSignatureAgeMs = 60_000;

function hmac(secret: string, timestamp: number, payload: string, clientAddress: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}.${clientAddress}`).digest('base64url');
}

/** The headers a subgraph needs to trust `viewer` (and the client address, when given). */
export function signViewer(viewer: Viewer, secret: string, now = Date.now(), clientAddress = ''): Record<string, string> {
  const payload = Buffer.from(JSON.stringify(viewer)).toString('base64url');
  return {
    [VIEWER_HEADER]: payload,
    [VIEWER_SIGNATURE_HEADER]: `t=${now},v1=${hmac(secret, now, payload, clientAddress)}`,
    ...(clientAddress ? { [CLIENT_ADDRESS_HEADER]: clientAddress } : {}),
  };
}

/** The client address of a request whose viewer signature verified (the signature covers it). */
export function signedClientAddress(headers: Record<string, string | string[] | undefined>): string {
  const value = headers[CLIENT_ADDRESS_HEADER];
  return typeof value === 'string' ? value : '';
}

/** The viewer carried by the headers, or null when the signature is missing, wrong or stale. */
export function verifyViewer(
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  now = Date.now(),
): Viewer | null {
  const payload = headers[VIEWER_HEADER];
  const signature = headers[VIEWER_SIGNATURE_HEADER];
  if (typeof payload !== 'string' || typeof signature !== 'string') return null;
  const match = /^t=(\d+),v1=([A-Za-z0-9_-]+)$/.exec(signature);
  if (!match) return null;
  const timestamp = Number(match[1]);
  if (!Number.isSafeInteger(timestamp) || Math.abs(now - timestamp) > maxSignatureAgeMs) return null;
  const expected = Buffer.from(hmac(secret, timestamp, payload, signedClientAddress(headers)));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Viewer;
  } catch {
    return null;
  }
}


/** The member behind the viewer, when it is one. */
export function memberOf(viewer: Viewer): MemberViewer | null {
  return viewer.kind === 'member' ? viewer : null;
}

/**
 * The member behind the viewer, for operations only a person can perform (they record who did
 * it, or act on "my" account); an API key, though allowed by the field's rule, is refused.
 */
export function requireMember(viewer: Viewer): MemberViewer {
  if (viewer.kind === 'member') return viewer;
  throw new GraphQLError('This operation needs a signed-in user; an API key cannot perform it.', { extensions: { code: 'FORBIDDEN' } });
}

/** The organization the viewer acts in (a member's active one, an API key's own), else null. */
export function organizationIdOf(viewer: Viewer): string | null {
  return viewer.kind === 'member' || viewer.kind === 'apiKey' ? viewer.organizationId : null;
}

/** True when the viewer is an ACTIVE member, or an API key, holding at least `level` in `area`. */
export function viewerCan(viewer: Viewer, area: Area, level: Level): boolean {
  if (viewer.kind === 'apiKey') return levelSatisfies(viewer.permissions.levels[area], level);
  if (viewer.kind !== 'member' || viewer.membershipStatus !== 'ACTIVE') return false;
  return levelSatisfies(viewer.permissions.levels[area], level);
}
