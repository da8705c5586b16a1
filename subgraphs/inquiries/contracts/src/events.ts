import { z } from 'zod';
import { EventType, defineEvents } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer inquiries service adds passes an older consumer.
const id = z.string().min(1);
/** A board column; any text passes (a newer producer may add one). */
const status = z.string().min(1);

/** What every inquiry event says: which inquiry, in which organization, whose, and who acted. */
const inquiry = {
  organizationId: id,
  inquiryId: id,
  /** The member who acted: the author sending, closing or reopening, an admin moving, assigning or applying. */
  actorId: id,
  /** The member who sent the inquiry. */
  authorId: id,
};

/** The events the inquiries subgraph writes to its outbox (identity records them in its audit log). */
export const inquiriesEvents = defineEvents('inquiries', {
  /** A member sent an inquiry (it starts OPEN). */
  'inquiry.created': z.looseObject({ ...inquiry, type: z.string(), subtype: z.string() }),
  /** The inquiry moved to another column: an admin between OPEN, IN_PROGRESS and RESOLVED, its author to CLOSED or back to OPEN. */
  'inquiry.status_changed': z.looseObject({ ...inquiry, from: status, to: status }),
  /** An admin gave the inquiry to an admin (assigneeId), or took it from one (null). */
  'inquiry.assigned': z.looseObject({ ...inquiry, assigneeId: id.nullable(), previousAssigneeId: id.nullable() }),
  /** An admin applied what the inquiry asked for (a daily token limit, a role, a group), with the change made. */
  'inquiry.request_applied': z.looseObject({ ...inquiry, change: z.looseObject({ kind: z.string() }) }),
});

export type InquiriesEventType = EventType<typeof inquiriesEvents>;
