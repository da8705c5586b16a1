import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireMember, toPayload, toUserError } from '@gatehouse/shared';
import { InvitationsContext } from '../../context';
import { InviteTeammatesInput, InviteTeammatesPayload } from './bulk-invitations.types';
import { toInvitationType } from './invitations.types';

@Resolver()
export class BulkInvitationsResolver {
  @Mutation(() => InviteTeammatesPayload, {
    description:
      'Invites up to 1,000 addresses at once, from a list or a CSV text. Every row is checked first (address, duplicates, members, pending invitations, role, space, and Team Members WRITE with a role no stronger than yours where it gives access); any invalid row creates nothing. Counts toward the organization\'s hourly invitation limit.',
  })
  async inviteTeammates(@Arg('input', () => InviteTeammatesInput, { description: 'The addresses and options.' }) input: InviteTeammatesInput, @Ctx() ctx: InvitationsContext): Promise<InviteTeammatesPayload> {
    const result = await ctx.services.bulk.inviteMany(requireMember(ctx.viewer), input);
    const now = ctx.services.now();
    return toPayload(
      result,
      (done) => ({
        created: done.created,
        rows: done.rows.map((r) => ({ row: r.row, email: r.email, status: r.status, error: r.problem ? toUserError(r.problem) : null, invitation: r.sent ? toInvitationType(r.sent.invitation, now) : null })),
      }),
      { rows: [], created: 0 },
    );
  }
}
