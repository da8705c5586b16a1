import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { IdentityContext } from '../../context';
import { MembershipStatus, UserRecord, UserType } from './user.types';

@InputType({ description: 'A membership status to set.' })
export class SetMembershipStatusInput {
  @Field(() => ID, { description: 'The user (account id).' })
  userId: string;

  @Field(() => MembershipStatus, { description: 'ACTIVE grants access; PENDING removes it and keeps the user\'s history.' })
  status: MembershipStatus;
}

@ObjectType({ description: 'Result of setMembershipStatus.' })
export class SetMembershipStatusPayload {
  @Field(() => UserType, { nullable: true, description: 'The user after the change; null when userErrors is not empty.' })
  user: UserRecord | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}

@Resolver()
export class MembershipResolver {
  @Mutation(() => SetMembershipStatusPayload, { description: 'Activates a PENDING member or deactivates an ACTIVE one. Not for yourself or the first user.' })
  async setMembershipStatus(
    @Arg('input', () => SetMembershipStatusInput, { description: 'User and status.' }) input: SetMembershipStatusInput,
    @Ctx() ctx: IdentityContext,
  ): Promise<SetMembershipStatusPayload> {
    const changed = await ctx.services.membership.setStatus(requireMember(ctx.viewer), input.userId, input.status);
    return toPayload(changed, async () => ({ user: await ctx.loaders.userById.load(input.userId) }), { user: null });
  }
}
