import { z } from 'zod';
import { EventType, defineEvents } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer invitations service adds passes an older consumer.
const id = z.string().min(1);

/** What every invitation event says: which invitation, of whom, with what, and who acted. */
const invitation = {
  organizationId: id,
  invitationId: id,
  /**
   * The member who acted (sent, resent, revoked); for an acceptance, the account that accepted. For
   * a revocation the invitations service made on another service's news (`reason`), whoever acted
   * there, or null when nobody did.
   */
  actorId: z.string().nullable(),
  /** 'DIRECTORY' when that actor is the identity provider (SCIM) through its token; absent: a member. */
  actorType: z.string().optional(),
  /** The invitee's address (trimmed, lower-cased). */
  email: z.string(),
  roleId: id,
  /** The space the role is given in; null: the whole organization. */
  spaceId: z.string().nullable(),
  expiresAt: z.string(),
};

/** The events the invitations subgraph writes to its outbox (identity records them in its audit log). */
export const invitationsEvents = defineEvents('invitations', {
  'invitation.sent': z.looseObject(invitation),
  'invitation.resent': z.looseObject(invitation),
  /** `reason` absent: an admin revoked it; else why it was closed automatically (an InvitationRevocationReason; any text passes, for newer producers). */
  'invitation.revoked': z.looseObject({ ...invitation, reason: z.string().optional() }),
  'invitation.accepted': z.looseObject({ ...invitation, accountId: id }),
});

/**
 * Why the invitations service revoked an invitation itself: its space was archived, the invitee
 * became a member another way (an admin, the directory or an import added them), or its role was
 * deleted with no role to move it to.
 */
export type InvitationRevocationReason = 'SPACE_ARCHIVED' | 'JOINED_OTHERWISE' | 'ROLE_DELETED';

export type InvitationsEventType = EventType<typeof invitationsEvents>;
