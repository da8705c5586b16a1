import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { memberOf, requireMember, toPayload } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { MembershipStatus } from '../users/user.types';
import { EndUserSessionsInput, EndUserSessionsPayload, LogInInput, LogOutPayload, RefreshSessionInput, SessionPayload, SignUpInput, SignUpPayload, SwitchOrganizationInput } from './sessions.types';

@Resolver()
export class SessionsResolver {
  @Mutation(() => SignUpPayload, { description: 'Creates an account (see SignUpInput.organizationName for where it lands) and signs it in.' })
  async signUp(@Arg('input', () => SignUpInput, { description: 'The new account.' }) input: SignUpInput, @Ctx() ctx: IdentityContext): Promise<SignUpPayload> {
    const result = await ctx.services.accounts.signUp(input);
    return toPayload(
      result,
      async (signedUp) => ({
        membershipStatus: signedUp.status as MembershipStatus,
        session: await ctx.services.sessions.start(signedUp.accountId, signedUp.organizationId, { method: 'SIGN_UP', clientAddress: ctx.clientAddress }),
      }),
      { membershipStatus: null, session: null },
    );
  }

  @Mutation(() => SessionPayload, { description: 'Signs in. Unknown e-mail, wrong password and a temporarily locked account (too many failures) give the same INVALID_CREDENTIALS error.' })
  async logIn(@Arg('input', () => LogInInput, { description: 'Credentials.' }) input: LogInInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    const verified = await ctx.services.accounts.verifyCredentials(input.email, input.password, input.organizationId, ctx.clientAddress);
    return toPayload(verified, async (who) => ({ session: await ctx.services.sessions.start(who.accountId, who.organizationId, { method: 'PASSWORD', clientAddress: ctx.clientAddress }) }), { session: null });
  }

  @Mutation(() => SessionPayload, { description: 'Exchanges a refresh token for new tokens; the old refresh token stops working.' })
  async refreshSession(@Arg('input', () => RefreshSessionInput, { description: 'The refresh token.' }) input: RefreshSessionInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    return toPayload(await ctx.services.sessions.refresh(input.refreshToken), (session) => ({ session }), { session: null });
  }

  @Mutation(() => LogOutPayload, { description: 'Ends the current session: its access and refresh tokens stop working.' })
  async logOut(@Ctx() ctx: IdentityContext): Promise<LogOutPayload> {
    return toPayload(await ctx.services.sessions.endCurrent(memberOf(ctx.viewer)), () => ({ loggedOut: true }), { loggedOut: false });
  }

  @Mutation(() => LogOutPayload, { description: 'Ends every session of the signed-in account, in every organization and on every device.' })
  async logOutEverywhere(@Ctx() ctx: IdentityContext): Promise<LogOutPayload> {
    await ctx.services.sessions.end(requireMember(ctx.viewer).accountId, 'everywhere');
    return { loggedOut: true, userErrors: [] };
  }

  @Mutation(() => EndUserSessionsPayload, { description: 'Ends every session a member of this organization has signed into it (an admin action). Not for yourself: use logOutEverywhere.' })
  async endUserSessions(@Arg('input', () => EndUserSessionsInput, { description: 'Whose sessions.' }) input: EndUserSessionsInput, @Ctx() ctx: IdentityContext): Promise<EndUserSessionsPayload> {
    const ended = await ctx.services.memberSessions.endFor(requireMember(ctx.viewer), input.userId);
    return toPayload(ended, (endedSessions) => ({ endedSessions }), { endedSessions: 0 });
  }

  @Mutation(() => SessionPayload, { description: 'Issues tokens for another organization the signed-in account belongs to; the current tokens keep working until they expire or you log out.' })
  async switchOrganization(@Arg('input', () => SwitchOrganizationInput, { description: 'The organization to switch to.' }) input: SwitchOrganizationInput, @Ctx() ctx: IdentityContext): Promise<SessionPayload> {
    const switched = await ctx.services.sessions.switchOrganization(requireMember(ctx.viewer).accountId, input.organizationId, ctx.clientAddress);
    return toPayload(switched, (session) => ({ session }), { session: null });
  }
}
