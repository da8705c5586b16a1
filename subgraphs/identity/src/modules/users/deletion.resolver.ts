import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { UserError, requireMember } from '@gatehouse/shared';
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

  @Field(() => [UserError], { description: 'Why nothing was deleted; empty on success.' })
  userErrors: UserError[];
}

@Resolver()
export class DeletionResolver {
  @Mutation(() => DeleteUserPayload, {
    description: 'Deletes a user from this organization permanently: every subgraph purges their data here (irreversible). To keep their history, set the membership to PENDING instead.',
  })
  async deleteUser(@Arg('input', () => DeleteUserInput, { description: 'The user.' }) input: DeleteUserInput, @Ctx() ctx: IdentityContext): Promise<DeleteUserPayload> {
    const violation = await ctx.services.deletion.deleteUser(requireMember(ctx.viewer), input.userId);
    return violation ? { deletedUserId: null, userErrors: [violation.toUserError()] } : { deletedUserId: input.userId, userErrors: [] };
  }
}
