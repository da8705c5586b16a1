import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { toPayload } from '@gatehouse/shared';
import { InvitationsContext } from '../../context';
import { AcceptInvitationInput, AcceptInvitationPayload, InvitationPreviewType } from './invitation-acceptance.types';

/** The invitee's side: the accept page and accepting (public: the link's token is the credential). */
@Resolver()
export class InvitationAcceptanceResolver {
  @Query(() => InvitationPreviewType, { nullable: true, description: 'What an invitation link\'s page shows. Null for every link that cannot be used: unknown, expired, revoked, replaced by a resend or already accepted alike.' })
  invitationByToken(@Arg('token', { description: 'The `token` of the invitation link. At most 200 characters.' }) token: string, @Ctx() ctx: InvitationsContext): Promise<InvitationPreviewType | null> {
    return ctx.services.acceptance.preview(token);
  }

  @Mutation(() => AcceptInvitationPayload, {
    description:
      'Accepts an invitation: creates the account of the invited address (its e-mail counts as confirmed), or signs its existing account in with its password, or takes the signed-in account of that address, and makes it an ACTIVE member with the invited role (in the invited space). Returns a session in the organization. The link works once.',
  })
  async acceptInvitation(@Arg('input', () => AcceptInvitationInput, { description: 'The link\'s token and the credentials.' }) input: AcceptInvitationInput, @Ctx() ctx: InvitationsContext): Promise<AcceptInvitationPayload> {
    const accepted = await ctx.services.acceptance.accept(ctx.viewer, input, ctx.clientAddress);
    return toPayload(
      accepted,
      (session) => ({ session: { ...session, accessTokenExpiresAt: new Date(session.accessTokenExpiresAt), refreshTokenExpiresAt: new Date(session.refreshTokenExpiresAt) } }),
      { session: null },
    );
  }
}
