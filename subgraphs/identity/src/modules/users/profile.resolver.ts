import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { IdentityUserError } from '../../errors/identity-user-error';
import { IdentityContext } from '../../context';
import { ProfileChanges } from './profile.service';
import { UserRecord, UserType } from './user.types';

@InputType({ description: 'Profile fields to change; leave a field out to keep it, set an optional one to null to clear it.' })
export class ProfileChangesInput implements ProfileChanges {
  @Field(() => String, { nullable: true, description: 'Given name. Up to 100 characters (longer is a userError).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Last name. Up to 100 characters (longer is a userError).' })
  lastName?: string | null;

  @Field(() => EmailAddressResolver, { nullable: true, description: 'New sign-in e-mail; it must be confirmed again.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Job title. Up to 150 characters (longer is a userError).' })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number: digits, spaces and + ( ) - . only. Up to 40 characters (longer is a userError).' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Preferred language, a BCP 47 tag such as en or pt-BR. Up to 35 characters (longer is a userError).' })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) URL of the profile image. Up to 2,048 characters (longer is a userError).' })
  profileImageUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'New password, at least 10 characters; it ends the user\'s other sessions. Up to 128 characters (longer is a userError).' })
  password?: string | null;
}

@InputType({ description: 'Changes to your own profile.' })
export class UpdateProfileInput extends ProfileChangesInput {
  @Field(() => String, { nullable: true, description: 'Your current password: required to change your e-mail or password. At most 1,024 characters.' })
  currentPassword?: string | null;
}

@InputType({ description: 'Changes an admin makes to a member\'s profile.' })
export class UpdateUserInput extends ProfileChangesInput {
  @Field(() => ID, { description: 'The user (account id).' })
  userId: string;
}

@ObjectType({ description: 'Result of updateProfile or updateUser.' })
export class UpdateUserPayload {
  @Field(() => UserType, { nullable: true, description: 'The user after the change; null when userErrors is not empty.' })
  user: UserRecord | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}

function changesOf(input: ProfileChangesInput): ProfileChanges {
  const { name, lastName, email, jobTitle, phone, language, profileImageUrl, password } = input;
  return { name, lastName, email, jobTitle, phone, language, profileImageUrl, password };
}

@Resolver()
export class ProfileResolver {
  @Mutation(() => UpdateUserPayload, { description: 'Changes your own profile. Changing your e-mail or password needs your current password.' })
  async updateProfile(@Arg('input', () => UpdateProfileInput, { description: 'The changes.' }) input: UpdateProfileInput, @Ctx() ctx: IdentityContext): Promise<UpdateUserPayload> {
    const member = requireMember(ctx.viewer);
    return this.apply(ctx, member.accountId, () => ctx.services.profiles.update(member, member.accountId, changesOf(input), input.currentPassword));
  }

  @Mutation(() => UpdateUserPayload, {
    description: 'An admin changes a member\'s profile. The e-mail and password of an account that also belongs to another organization can only be changed by its owner. Roles change with assignRole; organizational units are read-only (IdP sync).',
  })
  async updateUser(@Arg('input', () => UpdateUserInput, { description: 'The user and the changes.' }) input: UpdateUserInput, @Ctx() ctx: IdentityContext): Promise<UpdateUserPayload> {
    return this.apply(ctx, input.userId, () => ctx.services.profiles.update(requireMember(ctx.viewer), input.userId, changesOf(input)));
  }

  private async apply(ctx: IdentityContext, accountId: string, update: () => Promise<IdentityResult>): Promise<UpdateUserPayload> {
    return toPayload(await update(), async () => ({ user: await ctx.loaders.userById.clear(accountId).load(accountId) }), { user: null });
  }
}
