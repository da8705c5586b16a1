import { EmailAddressResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
// The session's tokens are a type shared with the invitations subgraph (its acceptInvitation signs in too).
import { AuthSession } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { MembershipStatus } from '../users/user.types';

@InputType({ description: 'A new account.' })
export class SignUpInput {
  @Field(() => EmailAddressResolver, { description: 'Sign-in e-mail; unique regardless of case.' })
  email: string;

  @Field({ description: 'At least 10 characters. Up to 128 characters (longer is a userError).' })
  password: string;

  @Field({ description: 'Given name. Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Last name. Up to 100 characters (longer is a userError).' })
  lastName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Create a new organization with this name and become its first user. Without it, the account joins the install\'s organization as PENDING (the very first sign-up always creates one). Up to 200 characters (longer is a userError).',
  })
  organizationName?: string | null;
}

@InputType({ description: 'Credentials.' })
export class LogInInput {
  @Field({ description: 'Sign-in e-mail, any case. At most 320 characters.' })
  email: string;

  @Field({ description: 'Password. At most 1,024 characters.' })
  password: string;

  @Field(() => ID, { nullable: true, description: 'Organization to sign into; the first active membership when omitted.' })
  organizationId?: string | null;
}

@InputType({ description: 'A refresh token to exchange.' })
export class RefreshSessionInput {
  @Field({ description: 'The refresh token from the last sign-in or refresh. At most 1,024 characters.' })
  refreshToken: string;
}

@ObjectType({ description: 'Result of signUp.' })
export class SignUpPayload {
  @Field(() => MembershipStatus, { nullable: true, description: 'ACTIVE when the sign-up created an organization, PENDING when it joined one and awaits activation.' })
  membershipStatus: MembershipStatus | null;

  @Field(() => AuthSession, { nullable: true, description: 'A session for the new user.' })
  session: AuthSession | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing was created; empty on success.' })
  userErrors: IdentityUserError[];
}

@ObjectType({ description: 'Result of logIn or refreshSession.' })
export class SessionPayload {
  @Field(() => AuthSession, { nullable: true, description: 'The new tokens; null when userErrors is not empty.' })
  session: AuthSession | null;

  @Field(() => [IdentityUserError], { description: 'Why no session was issued; empty on success.' })
  userErrors: IdentityUserError[];
}

@ObjectType({ description: 'Result of logOut.' })
export class LogOutPayload {
  @Field({ description: 'True when the session was ended.' })
  loggedOut: boolean;

  @Field(() => [IdentityUserError], { description: 'Problems; empty on success.' })
  userErrors: IdentityUserError[];
}

@InputType({ description: 'An organization of the signed-in account.' })
export class SwitchOrganizationInput {
  @Field(() => ID, { description: 'Organization id, from viewer.organizations.' })
  organizationId: string;
}

@InputType({ description: 'A member whose sessions end.' })
export class EndUserSessionsInput {
  @Field(() => ID, { description: 'The user (account id).' })
  userId: string;
}

@ObjectType({ description: 'Result of endUserSessions.' })
export class EndUserSessionsPayload {
  @Field(() => Int, { description: 'How many signed-in sessions were ended.' })
  endedSessions: number;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}
