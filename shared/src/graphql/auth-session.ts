import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Tokens of a signed-in session. Shared: identity's signUp and logIn return it, and so does the
 * invitations subgraph's acceptInvitation (identity issued those tokens too), so clients handle one type.
 */
@Directive('@shareable')
@ObjectType({ description: 'Tokens of a signed-in session.' })
export class AuthSession {
  @Field({ description: 'Bearer token for the Authorization header; short-lived.' })
  accessToken: string;

  @Field(() => DateTimeResolver, { description: 'When the access token stops working.' })
  accessTokenExpiresAt: Date;

  @Field({ description: 'Exchange it with refreshSession for new tokens; it works once.' })
  refreshToken: string;

  @Field(() => DateTimeResolver, { description: 'When the refresh token stops working.' })
  refreshTokenExpiresAt: Date;

  @Field(() => ID, { description: 'The signed-in account.' })
  accountId: string;

  @Field(() => ID, { description: 'The organization this session is signed into.' })
  organizationId: string;
}
