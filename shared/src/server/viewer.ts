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
/** Who signed, when, the nonce and the Ed25519 signature (see request-signature.ts). */
export const VIEWER_SIGNATURE_HEADER = 'x-gatehouse-signature';
export const REQUEST_ID_HEADER = 'x-request-id';
/** The end client's network address as the gateway saw it; covered by the signature. */
export const CLIENT_ADDRESS_HEADER = 'x-gatehouse-client-address';

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
