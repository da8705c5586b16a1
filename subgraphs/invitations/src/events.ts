import { outboxBatchWriter, outboxWriter } from '@gatehouse/shared';
import { invitationsEvents } from '@gatehouse/invitations-contracts';

/** Writes one of the invitations subgraph's events (see its contract) to the outbox, inside the caller's transaction. */
export const recordInvitationsEvent = outboxWriter(invitationsEvents);

/** The same for many invitations of one bulk change (a hundred rows per statement). */
export const recordInvitationsEvents = outboxBatchWriter(invitationsEvents);
