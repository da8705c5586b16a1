import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
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

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
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
    return toPayload(await ctx.services.designation.designate(member, input.userId), async () => ({ organization: await ctx.loaders.organizationById.clear(member.organizationId).load(member.organizationId) }), { organization: null });
  }
}
