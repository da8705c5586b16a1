import { z } from 'zod';
import { EventType, defineEvents } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer metering service adds passes an older consumer.
const id = z.string().min(1);

/** The organization's analytics settings, as an event states them before and after a change. */
const usageSettings = z.looseObject({ timeZone: z.string() });

/** A daily token limit's value, as an event states it before and after a change (0 is unlimited). */
const tokenLimit = z.looseObject({ dailyTokens: z.number().int().min(0) });

/** The events the metering subgraph writes to its outbox (identity records them in its audit log). */
export const meteringEvents = defineEvents('metering', {
  /** Someone changed the organization's usage time zone (where its days, and daily limits, begin). */
  'usage_settings.changed': z.looseObject({ organizationId: id, actorId: id, before: usageSettings, after: usageSettings }),
  /** Someone set, changed or removed a daily token limit (before/after null: there was none, there is none). */
  'token_limit.changed': z.looseObject({
    organizationId: id,
    actorId: id,
    level: z.enum(['ORGANIZATION', 'UNIT', 'GROUP', 'USER']),
    targetId: id.nullable(),
    model: z.string().nullable(),
    before: tokenLimit.nullable(),
    after: tokenLimit.nullable(),
    /** Set by applying this inquiry's request (applyInquiryRequest); absent: set directly. */
    inquiryId: z.string().optional(),
  }),
});

export type MeteringEventType = EventType<typeof meteringEvents>;
