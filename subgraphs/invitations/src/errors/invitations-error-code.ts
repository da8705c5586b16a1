import { Result, RuleViolation } from '@gatehouse/shared';

/**
 * Every code the invitations subgraph's mutations answer in `userErrors`, with the line the
 * playground shows for it. A closed set: a service naming a code not listed here does not compile.
 * The string values are what clients match on; never rename one.
 */
export const invitationsErrorCodes = {
  ACCEPTANCE_IN_PROGRESS: 'The invitation is being accepted by another request right now.',
  ALREADY_INVITED: 'A pending, unexpired invitation for this e-mail already exists: resend it instead.',
  ALREADY_MEMBER: 'The address (or the accepting account) belongs to a member of the organization already.',
  DUPLICATE_IN_LIST: 'The address appears on an earlier row of the same bulk invite.',
  EXPIRY_OUT_OF_RANGE: 'Invitations are valid for 1 to 30 days.',
  INVALID_BULK_INPUT: 'A bulk invite takes either a list or a CSV text (header email, role, space), not both, and at least one row.',
  EMAIL_MISMATCH: 'The signed-in account\'s e-mail is not the invited one.',
  INVALID_CREDENTIALS: 'Wrong password for the account of the invited e-mail (or too many attempts).',
  INVALID_EMAIL: 'The e-mail address is not valid.',
  INVALID_INVITATION: 'The invitation link is unknown, expired, revoked, replaced by a newer one or already used (deliberately the same answer).',
  INVALID_NAME: 'A name is empty or too long.',
  INVITATION_NOT_FOUND: 'No such invitation in this organization.',
  INVITER_NO_LONGER_GRANTS: 'The invitation\'s inviter left the organization or can no longer grant its role: it must be resent by someone who can.',
  INVITING_NOT_ALLOWED: 'Inviting takes Team Members WRITE in the organization, or in the space for a space invitation.',
  NOT_PENDING: 'The invitation was already accepted or revoked.',
  RATE_LIMITED: 'The organization created as many invitations as it may in an hour; try again later.',
  RESEND_TOO_SOON: 'The invitation was resent moments ago; wait before resending it again.',
  PASSWORD_TOO_WEAK: 'The new account\'s password is too short or too long.',
  ROLE_EXCEEDS_OWN_PERMISSIONS: 'The role grants more than you hold, so you cannot invite with it.',
  ROLE_NOT_FOUND: 'No such role in this organization.',
  SPACE_NOT_FOUND: 'No such space in this organization (or it is archived).',
  TOO_MANY_ROWS: 'A bulk invite holds at most 1,000 rows.',
} as const satisfies Record<string, string>;

export type InvitationsErrorCode = keyof typeof invitationsErrorCodes;

/** A rule the invitations subgraph refused a change by. */
export type InvitationsViolation = RuleViolation<InvitationsErrorCode>;

/** What the invitations services answer a mutation with. */
export type InvitationsResult<T = void> = Result<T, InvitationsErrorCode>;
