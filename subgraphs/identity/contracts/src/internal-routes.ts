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
  // Metering checks that an event's user and space are the reporting key's organization's; inquiries that a requested space is.
  callers: ['invitations', 'metering', 'inquiries'],
  input: z.object({ organizationId: ownId, accountIds: z.array(ownId).max(maxNamedThings), spaceIds: z.array(ownId).max(maxNamedThings) }),
  output: z.object({
    organizationName: z.string().nullable(),
    accounts: z.array(z.object({ id: ownId, name: z.string() })),
    spaces: z.array(z.object({ id: ownId, name: z.string() })),
  }),
});

/**
 * Every organization an account belongs to, with its name and the membership's status, in the order
 * it joined them: metering's usage view across an account's organizations.
 */
export const accountMembershipsRoute = defineInternalRoute({
  service,
  name: 'account-memberships',
  callers: ['metering'],
  input: z.object({ accountId: ownId }),
  output: z.object({ memberships: z.array(z.object({ organizationId: ownId, organizationName: z.string(), status: z.enum(['ACTIVE', 'PENDING']) })) }),
});

const id = z.string().min(1).max(64);
/** A password to set or check; the GraphQL layer bounds it too, this keeps a signed body from carrying megabytes. */
const password = z.string().max(10_000);

/** Tokens as identity's logIn returns them (dates as ISO strings on the wire). */
const issuedSession = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.iso.datetime(),
  accountId: id,
  organizationId: id,
});

/** Why identity refused an acceptance (nothing changed); the codes are the invitations subgraph's userError codes too. */
export const invitationAcceptanceRefusals = ['INVALID_CREDENTIALS', 'PASSWORD_TOO_WEAK', 'INVALID_NAME', 'EMAIL_MISMATCH', 'ALREADY_MEMBER'] as const;

/**
 * The invitations subgraph has claimed a valid invitation: identity creates the account (or checks
 * the existing one's password, or takes the signed-in account), adds the ACTIVE membership and starts
 * a session, in one transaction keyed by `invitationId`. Called again with the same invitation (a
 * retry after invitations failed to record the acceptance), it creates nothing more: it checks the
 * same credentials against the account that accepted and starts a new session.
 */
export const acceptInvitationRoute = defineInternalRoute({
  service,
  name: 'accept-invitation',
  callers: ['invitations'],
  input: z.object({
    invitationId: id,
    organizationId: id,
    /** The invited address (trimmed, lower-cased). */
    email: z.string().min(3).max(254),
    roleId: id,
    spaceId: id.nullable(),
    /** Who sent the invitation: the actor of the membership it creates (null: their account was deleted since). */
    invitedBy: id.nullable(),
    /** The invitee proves who they are: a password (of the existing account, or a new one's), or their signed-in account. */
    credentials: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('password'), password, name: z.string().max(10_000).nullable(), lastName: z.string().max(10_000).nullable() }),
      z.object({ kind: z.literal('signedIn'), accountId: id }),
    ]),
    clientAddress: z.string().max(200),
  }),
  output: z.discriminatedUnion('accepted', [
    z.object({ accepted: z.literal(true), accountId: id, session: issuedSession }),
    z.object({ accepted: z.literal(false), code: z.enum(invitationAcceptanceRefusals), field: z.array(z.string()).nullable(), message: z.string() }),
  ]),
});

/**
 * What an invitation's accept page shows that identity knows: the organization's name, the
 * inviter's name (null once they left it) and the space's name (null when none, or it is gone).
 * Only for an invitation the invitations subgraph found valid by its link.
 */
export const invitationContextRoute = defineInternalRoute({
  service,
  name: 'invitation-context',
  callers: ['invitations'],
  input: z.object({ organizationId: id, inviterId: id.nullable(), spaceId: id.nullable() }),
  output: z.object({ organizationName: z.string().nullable(), inviterName: z.string().nullable(), spaceName: z.string().nullable() }),
});

/** How many members one member-contacts call may name. */
export const maxContactedMembers = 200;

/**
 * How mail reaches some of the organization's members (the inquiries subgraph tells an author of a
 * reply, admins of a new inquiry): the organization's name and, for those of `accountIds` that are
 * its members, their name, address and membership status. Another organization's are left out.
 */
export const memberContactsRoute = defineInternalRoute({
  service,
  name: 'member-contacts',
  callers: ['inquiries'],
  input: z.object({ organizationId: ownId, accountIds: z.array(ownId).max(maxContactedMembers) }),
  output: z.object({
    organizationName: z.string().nullable(),
    members: z.array(z.object({ id: ownId, name: z.string(), email: z.string(), status: z.enum(['ACTIVE', 'PENDING']) })),
  }),
});
