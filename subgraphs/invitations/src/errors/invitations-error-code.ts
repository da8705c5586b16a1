import { Result, RuleViolation } from '@gatehouse/shared';

/**
 * Every code the invitations subgraph's mutations answer in `userErrors`, with the line the
 * playground shows for it. A closed set: a service naming a code not listed here does not compile.
 * The string values are what clients match on; never rename one.
 */
export const invitationsErrorCodes = {
  ALREADY_INVITED: 'A pending, unexpired invitation for this e-mail already exists: resend it instead.',
  INVALID_EMAIL: 'The e-mail address is not valid.',
  INVITATION_NOT_FOUND: 'No such invitation in this organization.',
  NOT_PENDING: 'The invitation was already accepted or revoked.',
  ROLE_EXCEEDS_OWN_PERMISSIONS: 'The role grants more than you hold, so you cannot invite with it.',
  ROLE_NOT_FOUND: 'No such role in this organization.',
  SPACE_NOT_FOUND: 'No such space in this organization (or it is archived).',
} as const satisfies Record<string, string>;

export type InvitationsErrorCode = keyof typeof invitationsErrorCodes;

/** A rule the invitations subgraph refused a change by. */
export type InvitationsViolation = RuleViolation<InvitationsErrorCode>;

/** What the invitations services answer a mutation with. */
export type InvitationsResult<T = void> = Result<T, InvitationsErrorCode>;
