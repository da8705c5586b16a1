import { z } from 'zod';
import { EventType, defineEvents } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer invitations service adds passes an older consumer.
const id = z.string().min(1);

/** What every invitation event says: which invitation, of whom, with what, and who acted. */
const invitation = {
  organizationId: id,
  invitationId: id,
  /** The member who acted (sent, resent, revoked); for an acceptance, the account that accepted. */
  actorId: z.string().nullable(),
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
  'invitation.revoked': z.looseObject(invitation),
  'invitation.accepted': z.looseObject({ ...invitation, accountId: id }),
});

export type InvitationsEventType = EventType<typeof invitationsEvents>;
