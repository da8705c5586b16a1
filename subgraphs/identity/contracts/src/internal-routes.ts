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

/** How many members or spaces one organization-names call may name (a bulk of invitations asks in chunks of this size). */
export const maxNamedThings = 1000;
const ownId = z.string().min(1).max(64);

/**
 * What mail about the organization calls things (the invitations subgraph's invitation e-mail):
 * the organization's name, and the names of those of `accountIds` that are its members and of
 * `spaceIds` that are its spaces (another organization's are left out, as unknown ones).
 */
export const organizationNamesRoute = defineInternalRoute({
  service,
  name: 'organization-names',
  callers: ['invitations'],
  input: z.object({ organizationId: ownId, accountIds: z.array(ownId).max(maxNamedThings), spaceIds: z.array(ownId).max(maxNamedThings) }),
  output: z.object({
    organizationName: z.string().nullable(),
    accounts: z.array(z.object({ id: ownId, name: z.string() })),
    spaces: z.array(z.object({ id: ownId, name: z.string() })),
  }),
});
