import { z } from 'zod';
import { changeOutcomeSchema, defineInternalRoute } from '@gatehouse/shared';

const service = 'metering';
const id = z.string().min(1).max(64);

/**
 * An inquiry's requested daily token limit, applied by an admin (`actorId`) exactly as their own
 * setTokenLimit on the author (level USER, all models) would be: the same field rule, the same rules
 * and codes. Metering asks access control for the admin's permissions itself; the change's event
 * names the inquiry, so its audit entry links to it.
 */
export const applyLimitRequestRoute = defineInternalRoute({
  service,
  name: 'apply-limit-request',
  callers: ['inquiries'],
  input: z.object({ organizationId: id, actorId: id, inquiryId: id, targetId: id, dailyTokens: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  output: changeOutcomeSchema,
});
