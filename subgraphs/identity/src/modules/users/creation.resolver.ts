import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
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

  @Field(() => [IdentityUserError], { description: 'Why nothing was created; empty on success.' })
  userErrors: IdentityUserError[];
}

@Resolver()
export class CreationResolver {
  @Mutation(() => CreateUserPayload, { description: 'Adds a user to this organization directly (email, name, password, role), ACTIVE at once.' })
  async createUser(@Arg('input', () => CreateUserInput, { description: 'The new user.' }) input: CreateUserInput, @Ctx() ctx: IdentityContext): Promise<CreateUserPayload> {
    const created = await ctx.services.creation.create(requireMember(ctx.viewer), input);
    return toPayload(created, async (accountId) => ({ user: await ctx.loaders.userById.load(accountId) }), { user: null });
  }
}
