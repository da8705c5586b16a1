import { outboxWriter } from '@gatehouse/shared';
import { accessControlEvents } from '@gatehouse/access-control-contracts';

/** Writes one of access control's events (see its contract) to the outbox, inside the caller's transaction. */
export const recordAccessControlEvent = outboxWriter(accessControlEvents);
