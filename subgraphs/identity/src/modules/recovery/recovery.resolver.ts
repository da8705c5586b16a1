import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { IdentityContext } from '../../context';

@InputType({ description: 'Where to send a password reset link.' })
export class RequestPasswordResetInput {
  @Field(() => EmailAddressResolver, { description: 'The account\'s sign-in e-mail.' })
  email: string;
}

@InputType({ description: 'A reset link\'s token and the new password.' })
export class ResetPasswordInput {
  @Field({ description: 'The token from the e-mail. At most 1,024 characters.' })
  token: string;

  @Field({ description: 'New password, at least 10 characters. Up to 128 characters (longer is a userError).' })
  password: string;
}

@InputType({ description: 'A confirmation link\'s token.' })
export class ConfirmEmailInput {
  @Field({ description: 'The token from the e-mail. At most 1,024 characters.' })
  token: string;
}

@ObjectType({ description: 'Result of a request that sends mail.' })
export class MailRequestPayload {
  @Field({ description: 'Always true for a well-formed request: the answer never reveals whether an account exists.' })
  accepted: boolean;

  @Field(() => [IdentityUserError], { description: 'Problems; empty on success.' })
  userErrors: IdentityUserError[];
}

@ObjectType({ description: 'Result of spending an e-mailed token.' })
export class TokenPayload {
  @Field({ description: 'True when the token was valid and its action done.' })
  success: boolean;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed (INVALID_TOKEN for unknown, expired or used tokens); empty on success.' })
  userErrors: IdentityUserError[];
}

@Resolver()
export class RecoveryResolver {
  @Mutation(() => MailRequestPayload, { description: 'Sends a single-use password reset link (valid 30 minutes) if the address belongs to an account; the answer is the same either way.' })
  async requestPasswordReset(@Arg('input', () => RequestPasswordResetInput, { description: 'The address.' }) input: RequestPasswordResetInput, @Ctx() ctx: IdentityContext): Promise<MailRequestPayload> {
    await ctx.services.recovery.requestPasswordReset(input.email);
    return { accepted: true, userErrors: [] };
  }

  @Mutation(() => TokenPayload, { description: 'Sets a new password with a reset link\'s token; every session of the account ends.' })
  async resetPassword(@Arg('input', () => ResetPasswordInput, { description: 'Token and new password.' }) input: ResetPasswordInput, @Ctx() ctx: IdentityContext): Promise<TokenPayload> {
    return toPayload(await ctx.services.recovery.resetPassword(input.token, input.password), () => ({ success: true }), { success: false });
  }

  @Mutation(() => MailRequestPayload, { description: 'Sends a confirmation link to your current e-mail address.' })
  async requestEmailConfirmation(@Ctx() ctx: IdentityContext): Promise<MailRequestPayload> {
    return toPayload(await ctx.services.recovery.requestEmailConfirmation(requireMember(ctx.viewer).accountId), () => ({ accepted: true }), { accepted: false });
  }

  @Mutation(() => TokenPayload, { description: 'Confirms an e-mail address with a confirmation link\'s token (only while it is still the account\'s address).' })
  async confirmEmail(@Arg('input', () => ConfirmEmailInput, { description: 'The token.' }) input: ConfirmEmailInput, @Ctx() ctx: IdentityContext): Promise<TokenPayload> {
    return toPayload(await ctx.services.recovery.confirmEmail(input.token), () => ({ success: true }), { success: false });
  }
}
