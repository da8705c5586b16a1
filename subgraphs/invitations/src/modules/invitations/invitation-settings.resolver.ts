import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { InvitationsContext } from '../../context';
import { InvitationSettingsPayload, InvitationSettingsType, UpdateInvitationSettingsInput } from './invitation-settings.types';

@Resolver()
export class InvitationSettingsResolver {
  @Query(() => InvitationSettingsType, { nullable: true, description: 'The organization\'s invitation settings (Team Members READ).' })
  async invitationSettings(@Ctx() ctx: InvitationsContext): Promise<InvitationSettingsType | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? ctx.services.settings.get(organizationId) : null;
  }

  @Mutation(() => InvitationSettingsPayload, { description: 'Changes how long new invitations are valid (Team Members WRITE in the organization). Invitations already sent keep their days.' })
  async updateInvitationSettings(@Arg('input', () => UpdateInvitationSettingsInput, { description: 'The new settings.' }) input: UpdateInvitationSettingsInput, @Ctx() ctx: InvitationsContext): Promise<InvitationSettingsPayload> {
    const result = await ctx.services.settings.update(requireMember(ctx.viewer), input.expiryDays);
    return toPayload(result, (settings) => ({ settings }), { settings: null });
  }
}
