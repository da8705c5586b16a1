import { outboxWriter } from '@gatehouse/shared';
import { meteringEvents } from '@gatehouse/metering-contracts';

/** Writes one of the metering subgraph's events (see its contract) to the outbox, inside the caller's transaction. */
export const recordMeteringEvent = outboxWriter(meteringEvents);
