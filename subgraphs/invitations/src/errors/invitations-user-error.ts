import { UserErrorOf, defineUserErrorType } from '@gatehouse/shared';
import { InvitationsErrorCode, invitationsErrorCodes } from './invitations-error-code';

/** The invitations subgraph's `userErrors` entries: `code` is the InvitationsErrorCode enum. */
export const { UserErrorType: InvitationsUserError } = defineUserErrorType({ prefix: 'Invitations', subgraph: 'invitations', codes: invitationsErrorCodes });
export type InvitationsUserError = UserErrorOf<InvitationsErrorCode>;
