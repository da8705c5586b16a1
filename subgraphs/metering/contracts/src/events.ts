import { z } from 'zod';
import { EventType, defineEvents } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer metering service adds passes an older consumer.
const id = z.string().min(1);

/** The organization's analytics settings, as an event states them before and after a change. */
const usageSettings = z.looseObject({ timeZone: z.string() });

/** The events the metering subgraph writes to its outbox (identity records them in its audit log). */
export const meteringEvents = defineEvents('metering', {
  /** Someone changed the organization's usage time zone (where its days, and daily limits, begin). */
  'usage_settings.changed': z.looseObject({ organizationId: id, actorId: id, before: usageSettings, after: usageSettings }),
});

export type MeteringEventType = EventType<typeof meteringEvents>;
