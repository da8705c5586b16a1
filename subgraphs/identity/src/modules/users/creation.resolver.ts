import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { RuleViolation, UserError, requireMember, permissionsCover } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { UserRecord, UserType } from './user.types';

@InputType({ description: 'A user an admin creates directly, ACTIVE at once.' })
export class CreateUserInput {
  @Field(() => EmailAddressResolver, { description: 'Sign-in e-mail; unique regardless of case.' })
  email: string;

  @Field({ description: 'Given name. Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Last name. Up to 100 characters (longer is a userError).' })
  lastName?: string | null;

  @Field({ description: 'Initial password, at least 10 characters. Up to 128 characters (longer is a userError).' })
  password: string;

  @Field(() => ID, { nullable: true, description: 'Role to give; the organization\'s default role when omitted. It may not grant more than you hold.' })
  roleId?: string | null;
}

@ObjectType({ description: 'Result of createUser.' })
export class CreateUserPayload {
  @Field(() => UserType, { nullable: true, description: 'The new user; null when userErrors is not empty.' })
  user: UserRecord | null;

  @Field(() => [UserError], { description: 'Why nothing was created; empty on success.' })
  userErrors: UserError[];
}

@Resolver()
export class CreationResolver {
  @Mutation(() => CreateUserPayload, { description: 'Adds a user to this organization directly (email, name, password, role), ACTIVE at once.' })
  async createUser(@Arg('input', () => CreateUserInput, { description: 'The new user.' }) input: CreateUserInput, @Ctx() ctx: IdentityContext): Promise<CreateUserPayload> {
    const actor = requireMember(ctx.viewer);
    if (input.roleId) {
      const granted = await ctx.services.rolePermissions(actor.organizationId, input.roleId);
      if (!granted) return { user: null, userErrors: [new RuleViolation('ROLE_NOT_FOUND', 'No such role in this organization.', ['input', 'roleId']).toUserError()] };
      if (!permissionsCover(actor.permissions, granted)) {
        return { user: null, userErrors: [new RuleViolation('ROLE_EXCEEDS_OWN_PERMISSIONS', 'This role grants more than you hold, so you cannot give it.', ['input', 'roleId']).toUserError()] };
      }
    }
    const created = await ctx.services.accounts.createUser(actor, input);
    if (Array.isArray(created)) return { user: null, userErrors: created.map((p) => p.toUserError()) };
    return { user: await ctx.loaders.userById.load(created), userErrors: [] };
  }
}
