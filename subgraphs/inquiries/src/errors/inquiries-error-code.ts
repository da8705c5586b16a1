import { Result, RuleViolation } from '@gatehouse/shared';

/**
 * Every code the inquiries subgraph's mutations answer in `userErrors`, with the line the
 * playground shows for it. A closed set: a service naming a code not listed here does not compile.
 * The string values are what clients match on; never rename one.
 */
export const inquiriesErrorCodes = {
  ALREADY_APPLIED: 'The inquiry\'s request was applied already.',
  CLOSE_IS_AUTHORS: 'Only the inquiry\'s author closes it: admins set RESOLVED so the author can confirm and close.',
  INQUIRY_CLOSED: 'The inquiry is closed: nothing more can be done with it.',
  INQUIRY_NOT_FOUND: 'No such inquiry in this organization (or it is not yours).',
  AFTER_INQUIRY_NOT_FOUND: 'The card to place it after is not in the target column (or is the card itself).',
  ASSIGNEE_NOT_ADMIN: 'The assignee does not handle inquiries: an ACTIVE member holding Inquiries WRITE is needed.',
  ASSIGNEE_NOT_FOUND: 'No such member of this organization to assign.',
  INVALID_REQUEST: 'What the inquiry asks for does not fit its type (a token limit with Usage limit / Limit increase; a role, space or group with Account / Permission request; a group or a role, not both).',
  REQUEST_TARGET_NOT_FOUND: 'The requested role, group or space is not this organization\'s.',
  INVALID_STATUS_CHANGE: 'The inquiry cannot move to that column from where it is.',
  INVALID_TEXT: 'A title, message or reply is empty or too long.',
  INVALID_TYPE: 'No such inquiry type and subtype in the catalogue (inquiryTypes).',
  NO_REQUEST: 'The inquiry asks for no change an admin could apply.',
  NOT_AUTHOR: 'Only the inquiry\'s author may do this.',
  PENDING_MEMBER_TYPE: 'A member awaiting approval may send Account inquiries only.',
  RATE_LIMITED: 'You sent as many inquiries as a member may in a day; try again tomorrow.',
  NOTES_ARE_ADMINS: 'Internal notes are for admins (Inquiries WRITE).',
  NOT_ALLOWED: 'This takes Inquiries WRITE (or being the inquiry\'s author).',
  REQUEST_BEING_APPLIED: 'Another admin is applying this inquiry\'s request right now.',
  REQUEST_REFUSED: 'The change the inquiry asks for was refused (see the message).',
  // Passed on from the direct mutation an applied request runs (assignRole, addGroupMembers, setTokenLimit):
  SELF_ROLE_CHANGE: 'You cannot change your own role, not even through an inquiry.',
  SELF_PERMISSION_CHANGE: 'The change would alter your own permissions.',
  USER_NOT_FOUND: 'The inquiry\'s author is no longer a member of this organization.',
  FIRST_USER_ROLE_LOCKED: 'The first user\'s role cannot be changed.',
  ROLE_NOT_FOUND: 'The requested role no longer exists in this organization.',
  SPACE_NOT_FOUND: 'The requested space no longer exists in this organization.',
  SPACE_ARCHIVED: 'The requested space is archived: restore it first.',
  ROLE_EXCEEDS_OWN_PERMISSIONS: 'The requested role grants more than you hold, so you cannot give it.',
  GROUP_NOT_FOUND: 'The requested group no longer exists in this organization.',
  GROUP_EXCEEDS_OWN_PERMISSIONS: 'The requested group grants more than you hold, so you cannot fill it.',
  TARGET_MORE_PRIVILEGED: 'The inquiry\'s author holds more than you do: you cannot change what they get.',
  LIMIT_TARGET_NOT_FOUND: 'The inquiry\'s author is no longer a member of this organization.',
  OWN_LIMIT: 'Nobody sets their own daily token limit, not even through an inquiry.',
} as const satisfies Record<string, string>;

/** Access control's refusals of assignRole and addGroupMembers, passed on when an admin applies a permission request. */
export const accessRequestRefusals = ['SELF_ROLE_CHANGE', 'SELF_PERMISSION_CHANGE', 'USER_NOT_FOUND', 'FIRST_USER_ROLE_LOCKED', 'ROLE_NOT_FOUND', 'SPACE_NOT_FOUND', 'SPACE_ARCHIVED', 'ROLE_EXCEEDS_OWN_PERMISSIONS', 'GROUP_NOT_FOUND', 'GROUP_EXCEEDS_OWN_PERMISSIONS', 'TARGET_MORE_PRIVILEGED'] as const;

/** Metering's refusals of setTokenLimit, passed on when an admin applies a requested daily token limit. */
export const limitRequestRefusals = ['LIMIT_TARGET_NOT_FOUND', 'OWN_LIMIT', 'TARGET_MORE_PRIVILEGED'] as const;

export type InquiriesErrorCode = keyof typeof inquiriesErrorCodes;

/** A rule the inquiries subgraph refused a change by. */
export type InquiriesViolation = RuleViolation<InquiriesErrorCode>;

/** What the inquiries services answer a mutation with. */
export type InquiriesResult<T = void> = Result<T, InquiriesErrorCode>;
