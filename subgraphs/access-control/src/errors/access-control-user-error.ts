import { UserErrorOf, defineUserErrorType } from '@gatehouse/shared';
import { AccessControlErrorCode, accessControlErrorCodes } from './access-control-error-code';

/** Access control's `userErrors` entries: `code` is the AccessControlErrorCode enum (see README, decisions). */
export const { UserErrorType: AccessControlUserError } = defineUserErrorType({ prefix: 'AccessControl', subgraph: 'access control', codes: accessControlErrorCodes });
export type AccessControlUserError = UserErrorOf<AccessControlErrorCode>;
