import { outboxWriter } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';

/** Writes one of identity's events (see its contract) to the outbox, inside the caller's transaction. */
export const recordIdentityEvent = outboxWriter(identityEvents);
