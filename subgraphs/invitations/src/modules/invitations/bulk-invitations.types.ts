import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InvitationsUserError } from '../../errors/invitations-user-error';
import { BulkRowStatus, bulkLimits } from './bulk-invitations.service';
import { InvitationType } from './invitations.types';

export const BulkInvitationRowStatus = { INVITED: 'INVITED', VALID: 'VALID', INVALID: 'INVALID' } as const satisfies Record<BulkRowStatus, BulkRowStatus>;
registerEnumType(BulkInvitationRowStatus, {
  name: 'BulkInvitationRowStatus',
  description: 'What became of one row of a bulk invite.',
  valuesConfig: {
    INVITED: { description: 'The invitation was created.' },
    VALID: { description: 'The row is valid; nothing was created because this was a dry run or another row is invalid.' },
    INVALID: { description: 'The row breaks a rule (see `error`); nothing was created.' },
  },
});

@InputType({ description: 'One address of a bulk invite.' })
export class BulkInvitationInput {
  @Field({ description: 'The invitee\'s e-mail address (any case; stored lower-cased). At most 254 characters.' })
  email: string;

  @Field(() => ID, { nullable: true, description: 'The role they get; the organization\'s default role when omitted.' })
  roleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The space the role is given in; the whole organization when omitted.' })
  spaceId?: string | null;
}

@InputType({ description: `Up to ${bulkLimits.maxRows.toLocaleString('en-US')} addresses to invite at once: a list or a CSV text, not both.` })
export class InviteTeammatesInput {
  @Field(() => [BulkInvitationInput], { nullable: true, description: `The addresses, each with its role and space (at most ${bulkLimits.maxRows.toLocaleString('en-US')}).` })
  invitations?: BulkInvitationInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: `CSV text with a header row naming email (required), role and space (optional, any order); role by id, name or key, space by id or name, empty for the default role or the whole organization. At most ${bulkLimits.maxRows.toLocaleString('en-US')} rows. At most ${bulkLimits.maxCsvCharacters.toLocaleString('en-US')} characters.`,
  })
  csv?: string | null;

  @Field({ defaultValue: false, description: 'Only check: report every row, create nothing.' })
  dryRun: boolean;
}

@ObjectType('BulkInvitationRow', { description: 'The report on one row of a bulk invite.' })
export class BulkInvitationRowType {
  @Field(() => Int, { description: 'The row: its position in the list (from 1), or its CSV line (1 is the header).' })
  row: number;

  @Field({ description: 'The address as given, lower-cased when valid.' })
  email: string;

  @Field(() => BulkInvitationRowStatus, { description: 'INVITED, VALID or INVALID.' })
  status: BulkRowStatus;

  @Field(() => InvitationsUserError, { nullable: true, description: 'Why the row is invalid; null otherwise.' })
  error: InvitationsUserError | null;

  @Field(() => InvitationType, { nullable: true, description: 'The invitation created for the row; null unless INVITED.' })
  invitation: InvitationType | null;
}

@ObjectType({ description: 'Result of inviteTeammates: one report per row; when any row is invalid nothing was created.' })
export class InviteTeammatesPayload {
  @Field(() => [BulkInvitationRowType], { description: 'One entry per row, in the order given (empty when userErrors is not empty).' })
  rows: BulkInvitationRowType[];

  @Field(() => Int, { description: 'How many invitations were created: all rows, or none.' })
  created: number;

  @Field(() => [InvitationsUserError], { description: 'Problems with the request itself (no list or CSV, too many rows, the hourly limit); empty otherwise.' })
  userErrors: InvitationsUserError[];
}
