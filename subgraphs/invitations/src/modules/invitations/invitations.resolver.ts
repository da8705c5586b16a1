import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkedPageSize, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { InvitationsResult } from '../../errors/invitations-error-code';
import { InvitationsContext } from '../../context';
import { Invitation } from './invitation.entity';
import { InvitationPage, SentInvitation } from './invitations.service';
import { InvitationConnection, InvitationFilter, InvitationIdInput, InvitationOrder, InvitationPayload, InviteTeammateInput, toInvitationType } from './invitations.types';

/** An invitation payload from a change's result (the link token stays out: it goes only into the invitation e-mail). */
function payload(result: InvitationsResult<SentInvitation | Invitation>, now: number): Promise<InvitationPayload> {
  return toPayload(result, (value) => ({ invitation: toInvitationType('token' in value ? value.invitation : value, now) }), { invitation: null });
}

@Resolver(() => InvitationConnection)
export class InvitationConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many invitations match the filter, across all pages.' })
  totalCount(@Root() page: InvitationPage): Promise<number> {
    return page.countAll();
  }
}

@Resolver()
export class InvitationsResolver {
  @Query(() => InvitationConnection, { nullable: true, description: 'The organization\'s invitations (pending, expired, accepted and revoked), newest first unless `orderBy` says otherwise.' })
  async invitations(
    @Ctx() ctx: InvitationsContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the invitation to continue after. At most 200 characters.' }) after?: string | null,
    @Arg('filter', () => InvitationFilter, { nullable: true, description: 'Narrows the list.' }) filter?: InvitationFilter | null,
    @Arg('orderBy', () => InvitationOrder, { nullable: true, description: 'The order; SENT_AT DESC when omitted.' }) orderBy?: InvitationOrder | null,
  ): Promise<unknown> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const sort = orderBy?.field ?? 'SENT_AT';
    const descending = orderBy ? orderBy.direction === 'DESC' : true;
    const page = await ctx.services.invitations.list(organizationId, {
      first: checkedPageSize(first, ctx.services.maxPageSize),
      after,
      status: filter?.status,
      search: filter?.search,
      roleId: filter?.roleId,
      spaceId: filter?.spaceId,
      sort,
      descending,
    });
    const now = ctx.services.now();
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toInvitationType(edge.node, now) })) };
  }

  @Mutation(() => InvitationPayload, { description: 'Invites a teammate by e-mail with a role (the default role when omitted), optionally into one space. Takes Team Members WRITE in the organization, or in the space; the role may grant no more than you hold there. Valid for the organization\'s expiry days (7 unless changed: invitationSettings). Refused for an address of a member, and beyond the organization\'s hourly invitation limit.' })
  async inviteTeammate(@Arg('input', () => InviteTeammateInput, { description: 'Whom to invite.' }) input: InviteTeammateInput, @Ctx() ctx: InvitationsContext): Promise<InvitationPayload> {
    return payload(await ctx.services.invitations.invite(requireMember(ctx.viewer), input), ctx.services.now());
  }

  @Mutation(() => InvitationPayload, { description: 'Sends a pending (or expired) invitation again with a new link and a new expiry (the days it was sent with); the old link stops working. Once resent, it can be resent again only after a wait (RESEND_TOO_SOON).' })
  async resendInvitation(@Arg('input', () => InvitationIdInput, { description: 'The invitation.' }) input: InvitationIdInput, @Ctx() ctx: InvitationsContext): Promise<InvitationPayload> {
    return payload(await ctx.services.invitations.resend(requireMember(ctx.viewer), input.id), ctx.services.now());
  }

  @Mutation(() => InvitationPayload, { description: 'Revokes a pending (or expired) invitation: its link stops working; it stays in the list as REVOKED.' })
  async revokeInvitation(@Arg('input', () => InvitationIdInput, { description: 'The invitation.' }) input: InvitationIdInput, @Ctx() ctx: InvitationsContext): Promise<InvitationPayload> {
    return payload(await ctx.services.invitations.revoke(requireMember(ctx.viewer), input.id), ctx.services.now());
  }
}
