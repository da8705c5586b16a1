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

/** Ids and addresses as the databases hold them, bounded like the columns. */
const organizationId = z.string().min(1).max(64);
/** How many addresses, or space names, one call may name (a bulk invite of 1,000 rows asks once). */
export const maxInviteeLookups = 1000;

/**
 * Which of these addresses (lower-cased) belong to members of the organization, whatever the
 * membership's status: the invitations subgraph refuses to invite them. Only this organization's
 * memberships count, so an address with an account elsewhere is answered like an unknown one.
 */
export const membersByEmailRoute = defineInternalRoute({
  service,
  name: 'members-by-email',
  callers: ['invitations'],
  input: z.object({ organizationId, emails: z.array(z.string().min(1).max(320)).max(maxInviteeLookups) }),
  output: z.object({ members: z.array(z.string()) }),
});

/** The organization's live (not archived) spaces among these names, any case: a bulk invite's CSV names spaces. */
export const spacesByNameRoute = defineInternalRoute({
  service,
  name: 'spaces-by-name',
  callers: ['invitations'],
  input: z.object({ organizationId, names: z.array(z.string().min(1).max(100)).max(maxInviteeLookups) }),
  output: z.object({ spaces: z.array(z.object({ id: z.string(), name: z.string() })) }),
});
