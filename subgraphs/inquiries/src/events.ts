import { outboxWriter } from '@gatehouse/shared';
import { inquiriesEvents } from '@gatehouse/inquiries-contracts';

/** Writes one of the inquiries subgraph's events (see its contract) to the outbox, inside the caller's transaction. */
export const recordInquiriesEvent = outboxWriter(inquiriesEvents);
