import { DateTimeResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import { AuthSession } from '@gatehouse/shared';
import { InvitationsUserError } from '../../errors/invitations-user-error';

@ObjectType('InvitationPreview', { description: 'What the page an invitation link opens shows. It never says whether the invited address already has an account: the page asks for a name and a password either way.' })
export class InvitationPreviewType {
  @Field({ description: 'The invited address, lower-cased: the account that accepts has this e-mail.' })
  email: string;

  @Field({ description: 'The organization the invitee joins.' })
  organizationName: string;

  @Field(() => String, { nullable: true, description: 'Who sent (or last resent) the invitation; null once they have left the organization.' })
  invitedByName: string | null;

  @Field(() => String, { nullable: true, description: 'The role the invitee gets; null when the organization no longer has it.' })
  roleName: string | null;

  @Field(() => String, { nullable: true, description: 'The space the role is given in; null for the whole organization (or when the space is gone).' })
  spaceName: string | null;

  @Field(() => DateTimeResolver, { description: 'When the link stops working.' })
  expiresAt: Date;
}

@InputType({ description: 'Accepting an invitation: its link\'s token, and a password (the existing account\'s, or the new account\'s) unless signed in as the invited address.' })
export class AcceptInvitationInput {
  @Field({ description: 'The `token` of the invitation link. A token of the wrong shape is answered like an unknown one (INVALID_INVITATION). At most 200 characters.' })
  token: string;

  @Field(() => String, {
    nullable: true,
    description:
      'When the invited address has an account: its password (the account signs in and joins). Otherwise the new account\'s password, at least 10 characters. Omit it when signed in with the invited address: that account joins. Up to 128 characters (longer is a userError).',
  })
  password?: string | null;

  @Field(() => String, { nullable: true, description: 'The new account\'s given name (ignored when the address has an account). Up to 100 characters (longer is a userError).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'The new account\'s last name (ignored when the address has an account). Up to 100 characters (longer is a userError).' })
  lastName?: string | null;
}

@ObjectType({ description: 'Result of acceptInvitation.' })
export class AcceptInvitationPayload {
  @Field(() => AuthSession, { nullable: true, description: 'A session signed into the organization that invited you, as logIn returns; null when userErrors is not empty.' })
  session: AuthSession | null;

  @Field(() => [InvitationsUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: InvitationsUserError[];
}
