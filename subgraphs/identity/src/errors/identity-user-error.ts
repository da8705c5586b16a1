import { UserErrorOf, defineUserErrorType } from '@gatehouse/shared';
import { IdentityErrorCode, identityErrorCodes } from './identity-error-code';

/** Identity's `userErrors` entries: `code` is the IdentityErrorCode enum (see README, decisions). */
export const { UserErrorType: IdentityUserError } = defineUserErrorType({ prefix: 'Identity', subgraph: 'identity', codes: identityErrorCodes });
export type IdentityUserError = UserErrorOf<IdentityErrorCode>;
