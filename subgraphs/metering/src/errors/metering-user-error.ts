import { UserErrorOf, defineUserErrorType } from '@gatehouse/shared';
import { MeteringErrorCode, meteringErrorCodes } from './metering-error-code';

/** The metering subgraph's `userErrors` entries: `code` is the MeteringErrorCode enum. */
export const { UserErrorType: MeteringUserError } = defineUserErrorType({ prefix: 'Metering', subgraph: 'metering', codes: meteringErrorCodes });
export type MeteringUserError = UserErrorOf<MeteringErrorCode>;
