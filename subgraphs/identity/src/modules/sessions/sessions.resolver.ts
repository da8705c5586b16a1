import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { RuleViolation, memberOf } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { MembershipStatus } from '../users/user.types';
import { IssuedSession } from './sessions.service';
import { LogInInput, LogOutPayload, RefreshSessionInput, SessionPayload, SignUpInput, SignUpPayload } from './sessions.types';

function sessionPayload(result: IssuedSession | RuleViolation): SessionPayload {
  return result instanceof RuleViolation ? { session: null, userErrors: [result.toUserError()] } : { session: result, userErrors: [] };
}

@Resolver()
export class SessionsResolver {
  @Mutation(() => SignUpPayload, { description: 'Creates an account (see SignUpInput.organizationName for where it lands) and signs it in.' })
  async signUp(@Arg('input', () => SignUpInput, { description: 'The new account.' }) input: SignUpInput, @Ctx() ctx: IdentityContext): Promise<SignUpPayload> {
    const result = await ctx.services.accounts.signUp(input);
    if (Array.isArray(result)) return { membershipStatus: null, session: null, userErrors: result.map((p) => p.toUserError()) };
    const session = await ctx.services.sessions.start(result.accountId, result.organizationId);
    return { membershipStatus: result.status as MembershipStatus, session, userErrors: [] };
  }

  @Mutation(() => SessionPayload, { description: 'Signs in. Unknown e-mail and wrong password give the same INVALID_CREDENTIALS error.' })
  async logIn(@Arg('input', () => LogInInput, { description: 'Credentials.' }) input: LogInInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    const verified = await ctx.services.accounts.verifyCredentials(input.email, input.password, input.organizationId);
    if (verified instanceof RuleViolation) return sessionPayload(verified);
    return sessionPayload(await ctx.services.sessions.start(verified.accountId, verified.organizationId));
  }

  @Mutation(() => SessionPayload, { description: 'Exchanges a refresh token for new tokens; the old refresh token stops working.' })
  async refreshSession(@Arg('input', () => RefreshSessionInput, { description: 'The refresh token.' }) input: RefreshSessionInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    return sessionPayload(await ctx.services.sessions.refresh(input.refreshToken).catch((error) => {
      if (error instanceof RuleViolation) return error;
      throw error;
    }));
  }

  @Mutation(() => LogOutPayload, { description: 'Ends the current session: its access and refresh tokens stop working.' })
  async logOut(@Ctx() ctx: IdentityContext): Promise<LogOutPayload> {
    const member = memberOf(ctx.viewer);
    if (!member?.sessionId) return { loggedOut: false, userErrors: [{ field: null, code: 'NO_SESSION', message: 'This request is not tied to a session.' }] };
    await ctx.services.sessions.end(member.accountId, member.sessionId);
    return { loggedOut: true, userErrors: [] };
  }
}
