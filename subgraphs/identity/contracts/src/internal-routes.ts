import { z } from 'zod';
import { defineInternalRoute, permissionSetSchema } from '@gatehouse/shared';

const service = 'identity';
/** Larger than any header Node accepts (16 KiB in all): the bound never refuses a token a client could send. */
const credential = z.string().max(16 * 1024);

/** The gateway's check of an access token's session and membership (the gateway verified its signature already). */
export const sessionStatusRoute = defineInternalRoute({
  service,
  name: 'session-status',
  callers: ['gateway'],
  input: z.object({ accessToken: credential }),
  output: z.object({ valid: z.boolean(), membershipStatus: z.enum(['ACTIVE', 'PENDING']).nullable().default(null) }),
});

/** The gateway's check of an API key: which organization it belongs to and what it may do. */
export const apiKeyStatusRoute = defineInternalRoute({
  service,
  name: 'api-key-status',
  callers: ['gateway'],
  input: z.object({ key: credential }),
  output: z.discriminatedUnion('valid', [
    z.object({ valid: z.literal(false) }),
    z.object({ valid: z.literal(true), keyId: z.string(), organizationId: z.string(), permissions: permissionSetSchema }),
  ]),
});
