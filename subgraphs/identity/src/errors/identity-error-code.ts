import { Result, RuleViolation } from '@gatehouse/shared';

/**
 * Every code identity's mutations answer in `userErrors`, with the line the playground shows for it.
 * A closed set: a service naming a code not listed here does not compile. The string values are
 * what clients match on; never rename one.
 */
export const identityErrorCodes = {
  ACCOUNT_SHARED: 'The account also belongs to another organization: only its owner changes its e-mail or password.',
  ALREADY_A_MEMBER: 'The user is already in this organizational unit.',
  CYCLE: 'A directory snapshot\'s unit is its own ancestor.',
  DESIGNATED_SUPER_ADMIN_LOCKED: 'The designated Super Admin cannot be deactivated or deleted: designate someone else first.',
  DIRECTORY_MANAGED: 'The membership comes from the identity provider: change it there.',
  DUPLICATE_AREA: 'An area is named more than once.',
  DUPLICATE_UNIT: 'A directory snapshot lists the same unit more than once.',
  DUPLICATE_USER: 'A directory snapshot lists the same user more than once.',
  EMAIL_ALREADY_CONFIRMED: 'The e-mail address is already confirmed.',
  EMAIL_TAKEN: 'An account with this e-mail address already exists.',
  EXPIRY_IN_THE_PAST: 'An expiry must be in the future.',
  EXTERNAL_ID_TAKEN: 'Another account already has this external id.',
  FIRST_USER_LOCKED: 'The first user cannot be deactivated or deleted, and only they change their own credentials.',
  GRANTS_EXCEED_OWN_PERMISSIONS: 'A key cannot grant more than its creator holds.',
  GROUP_EXCEEDS_OWN_PERMISSIONS: 'A group linked to the unit (or a unit above it) grants more than you hold.',
  IMPORT_ID_TAKEN: 'An import with this id already ran.',
  INVALID_CREDENTIALS: 'Unknown e-mail, wrong password or a temporarily locked account (deliberately the same answer).',
  INVALID_CURRENT_PASSWORD: 'Changing your e-mail or password needs your current password.',
  INVALID_DESCRIPTION: 'A description is too long.',
  INVALID_EMAIL: 'An e-mail address is empty or too long.',
  INVALID_EXTERNAL_ID: 'An external id is empty or too long.',
  INVALID_JOB_TITLE: 'A job title is too long.',
  INVALID_LANGUAGE: 'A language is not a BCP 47 tag such as en or pt-BR.',
  INVALID_NAME: 'A name is empty or too long.',
  INVALID_ORGANIZATION_NAME: 'An organization name is empty or too long.',
  INVALID_PHONE: 'A phone number has characters other than digits, spaces and + ( ) - . or is too long.',
  INVALID_REFRESH_TOKEN: 'The refresh token is unknown, expired or already used: sign in again.',
  INVALID_TOKEN: 'An e-mailed token is unknown, expired or already used.',
  INVALID_URL: 'A URL is not http(s) or is too long.',
  KEY_ALREADY_REVOKED: 'The key was already revoked.',
  KEY_NOT_FOUND: 'No such key in this organization.',
  NO_GRANTS: 'A key must grant at least one area or capability.',
  NO_SESSION: 'The request is not tied to a session (an API key, for instance).',
  NOT_A_MEMBER: 'The user is not a member of that organization or unit.',
  PASSWORD_TOO_WEAK: 'The password is too short or too long.',
  ROLE_EXCEEDS_OWN_PERMISSIONS: 'The role grants more than you hold, so you cannot give it.',
  ROLE_NOT_FOUND: 'No such role in this organization.',
  SELF_DELETE: 'Nobody deletes themselves.',
  SELF_PERMISSION_CHANGE: 'The change would move your own permissions: ask another admin.',
  SELF_SESSION_END: 'Your own sessions end with logOut or logOutEverywhere.',
  SELF_STATUS_CHANGE: 'Nobody changes their own membership status.',
  SPACE_NAME_TAKEN: 'Another space of this organization has this name.',
  SPACE_NOT_FOUND: 'No such space in this organization.',
  TARGET_MORE_PRIVILEGED: 'The user holds permissions you do not have, so you cannot act on them.',
  TARGET_NOT_SUPER_ADMIN: 'Only a member holding the Super Admin role can be the designated Super Admin.',
  TOO_MANY_UNITS: 'A directory snapshot (or one of its users) names too many units.',
  TOO_MANY_USERS: 'A directory snapshot has too many users.',
  UNIT_NOT_FOUND: 'No such organizational unit in this organization.',
  UNKNOWN_PARENT: 'A directory snapshot\'s unit names a parent the snapshot does not have.',
  UNKNOWN_UNIT: 'A directory snapshot\'s user is in a unit the snapshot does not have.',
  USER_NOT_ACTIVE: 'Only an ACTIVE member can be the designated Super Admin.',
  USER_NOT_FOUND: 'No such user in this organization.',
} as const satisfies Record<string, string>;

export type IdentityErrorCode = keyof typeof identityErrorCodes;

/** A rule identity refused a change by. */
export type IdentityViolation = RuleViolation<IdentityErrorCode>;

/** What identity's services answer a mutation with. */
export type IdentityResult<T = void> = Result<T, IdentityErrorCode>;

export function isIdentityErrorCode(code: string): code is IdentityErrorCode {
  return Object.hasOwn(identityErrorCodes, code);
}
