import { UserErrorOf, defineUserErrorType } from '@gatehouse/shared';
import { InquiriesErrorCode, inquiriesErrorCodes } from './inquiries-error-code';

/** The inquiries subgraph's `userErrors` entries: `code` is the InquiriesErrorCode enum. */
export const { UserErrorType: InquiriesUserError } = defineUserErrorType({ prefix: 'Inquiries', subgraph: 'inquiries', codes: inquiriesErrorCodes });
export type InquiriesUserError = UserErrorOf<InquiriesErrorCode>;
