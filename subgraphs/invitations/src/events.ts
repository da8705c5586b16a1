import { outboxWriter } from '@gatehouse/shared';
import { invitationsEvents } from '@gatehouse/invitations-contracts';

/** Writes one of the invitations subgraph's events (see its contract) to the outbox, inside the caller's transaction. */
export const recordInvitationsEvent = outboxWriter(invitationsEvents);
