import { Result, RuleViolation } from '@gatehouse/shared';

/**
 * Every code access control's mutations answer in `userErrors`, with the line the playground shows
 * for it. A closed set: a service naming a code not listed here does not compile. The string values
 * are what clients match on; never rename one.
 */
export const accessControlErrorCodes = {
  ALREADY_LINKED: 'The unit is already linked to this group.',
  AREA_WRITE_REQUIRED: 'Changing who may use a resource takes WRITE in its area.',
  BUILT_IN_ROLE: 'Built-in roles cannot be deleted.',
  BUILT_IN_ROLE_LOCKED: 'Super Admin always grants everything and cannot be edited.',
  DESIGNATED_SUPER_ADMIN_ROLE_LOCKED: 'The designated Super Admin keeps the Super Admin role: designate someone else first.',
  DIRECTORY_MANAGED: 'The users are members through a linked unit (from the directory): change the directory instead.',
  DUPLICATE_AREA: 'An area is named more than once.',
  DUPLICATE_CAPABILITY: 'A capability is named more than once.',
  DUPLICATE_PRINCIPAL: 'An access list names the same user, group or unit more than once.',
  DUPLICATE_ROLE: 'A security profile names the same role more than once.',
  ENTRIES_ON_PUBLIC: 'A PUBLIC resource takes no access-list entries.',
  FIRST_USER_ROLE_LOCKED: 'The first user\'s roles and profiles cannot be changed.',
  GROUP_EXCEEDS_OWN_PERMISSIONS: 'The group (or a group linked to the unit) grants more than you hold.',
  GROUP_NAME_TAKEN: 'Another group of this organization has this name.',
  GROUP_NOT_FOUND: 'No such group in this organization.',
  INVALID_DESCRIPTION: 'A description is too long.',
  INVALID_LEVEL: 'An access-list entry grants something other than READ or WRITE.',
  INVALID_NAME: 'A name is empty or too long.',
  INVALID_RESOURCE: 'A resource id is empty or too long.',
  INVALID_USERS: 'The list of users is empty, too long or repeats someone.',
  NOT_A_MEMBER: 'The users are not members of this group.',
  NOT_LINKED: 'The unit is not linked to this group.',
  PRINCIPAL_NOT_FOUND: 'An access list names a user, group or unit this organization does not have.',
  PROFILE_EXCEEDS_OWN_PERMISSIONS: 'The security profile grants more than you hold.',
  PROFILE_IN_USE: 'Members hold the security profile: revoke it from them first.',
  PROFILE_NAME_TAKEN: 'Another security profile of this organization has this name.',
  PROFILE_NOT_ASSIGNED: 'The user does not hold this security profile.',
  PROFILE_NOT_FOUND: 'No such security profile in this organization.',
  ROLE_EXCEEDS_OWN_PERMISSIONS: 'The role grants more than you hold, so you cannot create, change, assign or revoke it.',
  ROLE_IN_USE: 'Members hold the role: pass reassignToRoleId to move them.',
  ROLE_IS_DEFAULT: 'The role is the default for new members: set another default first.',
  ROLE_NAME_TAKEN: 'Another role of this organization has this name.',
  ROLE_NOT_ASSIGNED: 'The user does not hold this role.',
  ROLE_NOT_FOUND: 'No such role in this organization.',
  SELF_PERMISSION_CHANGE: 'The change would move your own roles or permissions: ask another admin.',
  SELF_ROLE_CHANGE: 'Nobody changes their own roles or security profiles.',
  SHARING_NOT_ALLOWED: 'Sharing this kind of resource takes its sharing capability.',
  SPACE_ARCHIVED: 'The space is archived: restore it before assigning roles in it.',
  SPACE_NOT_FOUND: 'No such space in this organization.',
  TARGET_MORE_PRIVILEGED: 'The user holds permissions you do not have, so you cannot change what they may do.',
  TOO_MANY_ENTRIES: 'An access list has too many entries.',
  UNIT_NOT_FOUND: 'No such organizational unit in this organization.',
  USER_NOT_FOUND: 'No such user in this organization.',
} as const satisfies Record<string, string>;

export type AccessControlErrorCode = keyof typeof accessControlErrorCodes;

/** A rule access control refused a change by. */
export type AccessControlViolation = RuleViolation<AccessControlErrorCode>;

/** What access control's services answer a mutation with. */
export type AccessControlResult<T = void> = Result<T, AccessControlErrorCode>;
