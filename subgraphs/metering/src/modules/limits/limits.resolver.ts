import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';
import { Area, Level, organizationIdOf, requireMember, toUserError, unauthenticated, viewerCan } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { UserStub, UserUsage } from '../dashboard/usage.types';
import { TokenLimitLevel } from './token-limit.entity';
import { effectiveValue, holdValue, settingValue } from './limits.graphql-values';
import {
  EffectiveTokenLimitType, LimitChangePreviewType, PreviewLimitChangeInput, RemoveTokenLimitPayload, ReserveTokensInput, ReserveTokensPayload,
  SetTokenLimitInput, SetTokenLimitPayload, SettleUsageInput, SettleUsagePayload, TokenLimitKeyInput, TokenLimitLevelEnum, TokenLimitSettingType,
} from './limits.types';

@Resolver()
export class TokenLimitsResolver {
  @Query(() => EffectiveTokenLimitType, { nullable: true, description: 'A member\'s daily token limit explained (like explainAccess): the limit in force, the level and setting that produced it among every candidate, used today, remaining, and when it resets. Your own, or anyone\'s with Usage Limits or Scoped Limits READ; null for an id that is no member of the organization.' })
  async effectiveTokenLimit(
    @Arg('userId', () => ID, { description: 'The member. At most 64 characters.' }) userId: string,
    @Arg('model', () => String, { nullable: true, description: 'A model whose own limit to show beside the all-models one. At most 128 characters.' }) model: string | null,
    @Ctx() ctx: MeteringContext,
  ): Promise<EffectiveTokenLimitType | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) throw unauthenticated();
    const explained = (await ctx.services.limits.explain(organizationId, [userId], model?.trim() || null)).get(userId);
    return explained ? effectiveValue(explained) : null;
  }

  @Query(() => [TokenLimitSettingType], { description: 'The organization\'s daily token limit settings (the admin screen): the organization-wide default with Usage Limits READ, those of units, groups and members with Scoped Limits READ.' })
  async tokenLimits(
    @Arg('level', () => TokenLimitLevelEnum, { nullable: true, description: 'Only this level.' }) level: TokenLimitLevel | null,
    @Ctx() ctx: MeteringContext,
  ): Promise<TokenLimitSettingType[]> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) throw unauthenticated();
    const readsDefault = viewerCan(ctx.viewer, Area.USAGE_LIMITS, Level.READ);
    const readsScoped = viewerCan(ctx.viewer, Area.SCOPED_LIMITS, Level.READ);
    const settings = await ctx.services.limits.list(organizationId, level);
    return settings.filter((s) => (s.level === 'ORGANIZATION' ? readsDefault : readsScoped)).map(settingValue);
  }

  @Query(() => LimitChangePreviewType, { description: 'A dry run of setTokenLimit (or of removing a setting): who would be over the proposed limit today, and by how much. Takes what the change itself takes.' })
  async previewLimitChange(@Arg('input', () => PreviewLimitChangeInput, { description: 'The proposed setting.' }) input: PreviewLimitChangeInput, @Ctx() ctx: MeteringContext): Promise<LimitChangePreviewType> {
    const result = await ctx.services.limits.preview(requireMember(ctx.viewer), input, input.dailyTokens ?? null);
    if (!result.ok) return { membersReached: 0, overLimit: [], userErrors: result.errors.map(toUserError) };
    return {
      membersReached: result.value.membersReached,
      overLimit: result.value.overLimit.map((m) => ({ user: { id: m.userId }, usedToday: m.used, limitNow: m.limitNow, limitAfter: m.limitAfter, overBy: m.overBy })),
      userErrors: [],
    };
  }

  @Mutation(() => SetTokenLimitPayload, { description: 'Sets a daily token limit: the organization-wide default (Usage Limits WRITE), or a unit\'s, group\'s or member\'s (Scoped Limits WRITE). Nobody sets their own (OWN_LIMIT), nor raises it through a group or unit they are in. Audited as LIMIT_CHANGED with before and after; applies to the next reservation.' })
  async setTokenLimit(@Arg('input', () => SetTokenLimitInput, { description: 'The setting.' }) input: SetTokenLimitInput, @Ctx() ctx: MeteringContext): Promise<SetTokenLimitPayload> {
    const result = await ctx.services.limits.change(requireMember(ctx.viewer), input, input.dailyTokens);
    if (!result.ok) return { setting: null, userErrors: result.errors.map(toUserError) };
    return { setting: result.value ? settingValue(result.value) : null, userErrors: [] };
  }

  @Mutation(() => RemoveTokenLimitPayload, { description: 'Removes a daily token limit setting (the level then sets nothing; different from 0, which is unlimited). Takes what setting it takes; audited as LIMIT_CHANGED.' })
  async removeTokenLimit(@Arg('input', () => TokenLimitKeyInput, { description: 'Which setting.' }) input: TokenLimitKeyInput, @Ctx() ctx: MeteringContext): Promise<RemoveTokenLimitPayload> {
    const result = await ctx.services.limits.change(requireMember(ctx.viewer), input, null);
    return result.ok ? { removed: true, userErrors: [] } : { removed: false, userErrors: result.errors.map(toUserError) };
  }

  @Mutation(() => ReserveTokensPayload, { description: 'Holds tokens before a model call (a platform service, API key with Analytics WRITE): granted only if used + held + estimate stays within the member\'s limit on all models and on the model, else LIMIT_EXCEEDED with the numbers. Idempotent by requestId; an unsettled hold expires on its own.' })
  async reserveTokens(@Arg('input', () => ReserveTokensInput, { description: 'The call.' }) input: ReserveTokensInput, @Ctx() ctx: MeteringContext): Promise<ReserveTokensPayload> {
    const result = await ctx.services.reservations.reserve(ctx.viewer, { userId: input.userId, model: input.model ?? null, estimate: input.estimate, requestId: input.requestId });
    const limit = result.ok ? result.value.limit : (result.limit ?? null);
    return {
      hold: result.ok && result.value.hold ? holdValue(result.value.hold) : null,
      limit: limit ? effectiveValue(limit) : null,
      userErrors: result.ok ? [] : result.errors.map(toUserError),
    };
  }

  @Mutation(() => SettleUsagePayload, { description: 'After a call made under a hold: records its real usage through recordUsage\'s path (for the hold\'s member; the model defaults to the hold\'s) and releases the hold. Settling again with the same event answers the same (DUPLICATE).' })
  async settleUsage(@Arg('input', () => SettleUsageInput, { description: 'The hold and the usage.' }) input: SettleUsageInput, @Ctx() ctx: MeteringContext): Promise<SettleUsagePayload> {
    const result = await ctx.services.reservations.settle(ctx.viewer, input.holdId, input.event);
    if (!result.ok) return { hold: null, event: null, userErrors: result.errors.map(toUserError) };
    const { hold, event } = result.value;
    return { hold: holdValue(hold), event: { index: 0, eventId: event.eventId, status: event.status, error: null, overDailyLimit: event.overDailyLimit }, userErrors: [] };
  }
}

@Resolver(() => UserStub)
export class UserTokenLimitResolver {
  @FieldResolver(() => SafeIntResolver, { nullable: true, description: 'The member\'s daily token limit in force on all models (read-only here: setTokenLimit sets a member\'s own setting); null: unlimited. Their own, or anyone\'s with Usage Limits or Scoped Limits READ.' })
  async dailyTokenLimit(@Root() user: UserStub, @Ctx() ctx: MeteringContext): Promise<number | null> {
    return (await ctx.limitOf(user.id))?.allModels.limit ?? null;
  }

  @FieldResolver(() => SafeIntResolver, { description: 'Tokens the member used today in the organization\'s time zone (read-only).' })
  async dailyUsage(@Root() user: UserStub, @Ctx() ctx: MeteringContext): Promise<number> {
    return (await ctx.limitOf(user.id))?.allModels.used ?? 0;
  }
}

@Resolver(() => UserUsage)
export class UserUsageLimitResolver {
  @FieldResolver(() => Boolean, { description: 'The member is at or over their daily token limit today (all models), whatever range the dashboard shows: the seed\'s mark on the dashboard.' })
  async overDailyLimit(@Root() row: UserUsage, @Ctx() ctx: MeteringContext): Promise<boolean> {
    if (!row.user) return false;
    const today = (await ctx.limitOf(row.user.id))?.allModels;
    return !!today && today.limit !== null && today.used >= today.limit;
  }
}
