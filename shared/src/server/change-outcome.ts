import { z } from 'zod';

/**
 * What a subgraph answers when another asks it to make a change on a member's behalf, under that
 * member's own permissions (an inquiry's request applied by an admin): done, with a line saying what
 * was done; refused by the field's rule (FORBIDDEN, as the direct mutation would be); or refused by
 * one of its rules, with the code and field the direct mutation's userErrors would carry.
 */
export const changeOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('APPLIED'), summary: z.string() }),
  z.object({ outcome: z.literal('FORBIDDEN'), message: z.string() }),
  z.object({ outcome: z.literal('REFUSED'), code: z.string(), message: z.string(), field: z.array(z.string()).nullable() }),
]);

export type ChangeOutcome = z.output<typeof changeOutcomeSchema>;
