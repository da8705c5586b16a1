import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { InvitationsUserError } from '../../errors/invitations-user-error';

@ObjectType('InvitationSettings', { description: 'How the organization\'s invitations behave.' })
export class InvitationSettingsType {
  @Field(() => Int, { description: 'Days a new invitation is valid after it is sent (1 to 30; 7 unless changed). An invitation keeps the days it was sent with, resends included.' })
  expiryDays: number;
}

@InputType({ description: 'New invitation settings.' })
export class UpdateInvitationSettingsInput {
  @Field(() => Int, { description: 'Days a new invitation is valid: 1 to 30 (outside that is a userError).' })
  expiryDays: number;
}

@ObjectType({ description: 'Result of updateInvitationSettings.' })
export class InvitationSettingsPayload {
  @Field(() => InvitationSettingsType, { nullable: true, description: 'The settings after the change; null when userErrors is not empty.' })
  settings: InvitationSettingsType | null;

  @Field(() => [InvitationsUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: InvitationsUserError[];
}
