import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { IdentityContext } from '../../context';

@InputType({ description: 'The user to delete.' })
export class DeleteUserInput {
  @Field(() => ID, { description: 'The user (account id).' })
  userId: string;
}

@ObjectType({ description: 'Result of deleteUser.' })
export class DeleteUserPayload {
  @Field(() => ID, { nullable: true, description: 'The deleted user\'s id; null when userErrors is not empty.' })
  deletedUserId: string | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing was deleted; empty on success.' })
  userErrors: IdentityUserError[];
}

@Resolver()
export class DeletionResolver {
  @Mutation(() => DeleteUserPayload, {
    description: 'Deletes a user from this organization permanently: every subgraph purges their data here (irreversible). To keep their history, set the membership to PENDING instead.',
  })
  async deleteUser(@Arg('input', () => DeleteUserInput, { description: 'The user.' }) input: DeleteUserInput, @Ctx() ctx: IdentityContext): Promise<DeleteUserPayload> {
    const deleted = await ctx.services.deletion.deleteUser(requireMember(ctx.viewer), input.userId);
    return toPayload(deleted, () => ({ deletedUserId: input.userId }), { deletedUserId: null });
  }
}
