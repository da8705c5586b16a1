import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { RuleViolation, memberOf, requireMember } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { MembershipStatus } from '../users/user.types';
import { IssuedSession } from './sessions.service';
import { EndUserSessionsInput, EndUserSessionsPayload, LogInInput, LogOutPayload, RefreshSessionInput, SessionPayload, SignUpInput, SignUpPayload, SwitchOrganizationInput } from './sessions.types';

function sessionPayload(result: IssuedSession | RuleViolation): SessionPayload {
  return result instanceof RuleViolation ? { session: null, userErrors: [result.toUserError()] } : { session: result, userErrors: [] };
}

@Resolver()
export class SessionsResolver {
  @Mutation(() => SignUpPayload, { description: 'Creates an account (see SignUpInput.organizationName for where it lands) and signs it in.' })
  async signUp(@Arg('input', () => SignUpInput, { description: 'The new account.' }) input: SignUpInput, @Ctx() ctx: IdentityContext): Promise<SignUpPayload> {
    const result = await ctx.services.accounts.signUp(input);
    if (Array.isArray(result)) return { membershipStatus: null, session: null, userErrors: result.map((p) => p.toUserError()) };
    const session = await ctx.services.sessions.start(result.accountId, result.organizationId, { method: 'SIGN_UP', clientAddress: ctx.clientAddress });
    return { membershipStatus: result.status as MembershipStatus, session, userErrors: [] };
  }

  @Mutation(() => SessionPayload, { description: 'Signs in. Unknown e-mail, wrong password and a temporarily locked account (too many failures) give the same INVALID_CREDENTIALS error.' })
  async logIn(@Arg('input', () => LogInInput, { description: 'Credentials.' }) input: LogInInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    const verified = await ctx.services.accounts.verifyCredentials(input.email, input.password, input.organizationId, ctx.clientAddress);
    if (verified instanceof RuleViolation) return sessionPayload(verified);
    return sessionPayload(await ctx.services.sessions.start(verified.accountId, verified.organizationId, { method: 'PASSWORD', clientAddress: ctx.clientAddress }));
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
    await ctx.services.sessions.end(member.accountId, { familyId: member.sessionId });
    return { loggedOut: true, userErrors: [] };
  }

  @Mutation(() => LogOutPayload, { description: 'Ends every session of the signed-in account, in every organization and on every device.' })
  async logOutEverywhere(@Ctx() ctx: IdentityContext): Promise<LogOutPayload> {
    await ctx.services.sessions.end(requireMember(ctx.viewer).accountId, 'everywhere');
    return { loggedOut: true, userErrors: [] };
  }

  @Mutation(() => EndUserSessionsPayload, { description: 'Ends every session a member of this organization has signed into it (an admin action). Not for yourself: use logOutEverywhere.' })
  async endUserSessions(@Arg('input', () => EndUserSessionsInput, { description: 'Whose sessions.' }) input: EndUserSessionsInput, @Ctx() ctx: IdentityContext): Promise<EndUserSessionsPayload> {
    const ended = await ctx.services.memberSessions.endFor(requireMember(ctx.viewer), input.userId);
    return typeof ended === 'number' ? { endedSessions: ended, userErrors: [] } : { endedSessions: 0, userErrors: [ended.toUserError()] };
  }

  @Mutation(() => SessionPayload, { description: 'Issues tokens for another organization the signed-in account belongs to; the current tokens keep working until they expire or you log out.' })
  async switchOrganization(@Arg('input', () => SwitchOrganizationInput, { description: 'The organization to switch to.' }) input: SwitchOrganizationInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    const member = requireMember(ctx.viewer);
    const memberships = await ctx.services.users.membershipsOf(member.accountId);
    if (!memberships.some((m) => m.organizationId === input.organizationId)) {
      return { session: null, userErrors: [{ field: ['input', 'organizationId'], code: 'NOT_A_MEMBER', message: 'You are not a member of that organization.' }] };
    }
    return { session: await ctx.services.sessions.start(member.accountId, input.organizationId, { method: 'ORGANIZATION_SWITCH', clientAddress: ctx.clientAddress }), userErrors: [] };
  }
}
