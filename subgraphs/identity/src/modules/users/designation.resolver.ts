import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { UserError, requireMember } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { OrganizationType } from './user.types';

@InputType({ description: 'Who becomes the designated Super Admin.' })
export class SetDesignatedSuperAdminInput {
  @Field(() => ID, { description: 'An ACTIVE member holding the Super Admin role.' })
  userId: string;
}

@ObjectType({ description: 'Result of setDesignatedSuperAdmin.' })
export class SetDesignatedSuperAdminPayload {
  @Field(() => OrganizationType, { nullable: true, description: 'The organization, with its designated Super Admin after the change.' })
  organization: unknown;

  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: UserError[];
}

@Resolver()
export class DesignationResolver {
  @Mutation(() => SetDesignatedSuperAdminPayload, {
    description: 'Moves the SA badge (the representative admin whose e-mail PENDING members see) to another Super Admin. Only a Super Admin may do this.',
  })
  async setDesignatedSuperAdmin(
    @Arg('input', () => SetDesignatedSuperAdminInput, { description: 'The new designated Super Admin.' }) input: SetDesignatedSuperAdminInput,
    @Ctx() ctx: IdentityContext,
  ): Promise<SetDesignatedSuperAdminPayload> {
    const member = requireMember(ctx.viewer);
    const violation = await ctx.services.designation.designate(member, input.userId);
    if (violation) return { organization: null, userErrors: [violation.toUserError()] };
    ctx.loaders.organizationById.clear(member.organizationId);
    return { organization: await ctx.loaders.organizationById.load(member.organizationId), userErrors: [] };
  }
}
