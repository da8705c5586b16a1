import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { MeteringUserError } from '../../errors/metering-user-error';
import { HeldUsageEventInput, UsageEventResult } from '../recording/recording.types';
import { UserStub } from '../dashboard/usage.types';
import { TokenLimitLevel } from './token-limit.entity';

export const TokenLimitLevelEnum = { ORGANIZATION: 'ORGANIZATION', UNIT: 'UNIT', GROUP: 'GROUP', USER: 'USER' } as const satisfies Record<TokenLimitLevel, TokenLimitLevel>;
registerEnumType(TokenLimitLevelEnum, {
  name: 'TokenLimitLevel',
  description: 'Where a daily token limit is set. When several reach a member, the most permissive (highest) applies, and 0 (unlimited) wins at once.',
  valuesConfig: {
    ORGANIZATION: { description: 'The organization-wide default (the seed\'s "global"): every member. Set with Usage Limits WRITE.' },
    UNIT: { description: 'An organizational unit and every unit below it. Set with Scoped Limits WRITE.' },
    GROUP: { description: 'A group\'s members (by hand or through a linked unit). Set with Scoped Limits WRITE.' },
    USER: { description: 'One member (the user edit screen). Set with Scoped Limits WRITE, never by the member themselves.' },
  },
});

export const HoldStatusEnum = { OPEN: 'OPEN', SETTLED: 'SETTLED', EXPIRED: 'EXPIRED' } as const;
registerEnumType(HoldStatusEnum, {
  name: 'TokenHoldStatus',
  description: 'Where a reservation stands.',
  valuesConfig: {
    OPEN: { description: 'Held: counts against the member\'s day until settled or expired.' },
    SETTLED: { description: 'The call\'s usage was recorded and the hold released.' },
    EXPIRED: { description: 'Never settled in time: it no longer counts (it can still be settled: the usage is recorded).' },
  },
});

/** Access control's group, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Group', { description: 'A group (Cloosphere): members (by hand, or everyone in linked units), grants and capability switches.' })
export class GroupStub {
  @Field(() => ID, { description: 'Group id.' })
  id: string;
}

/** Identity's organizational unit, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('OrganizationalUnit', { description: 'A unit of the organization\'s tree (department, division), usually synced from Entra ID or Google Workspace.' })
export class UnitStub {
  @Field(() => ID, { description: 'Unit id.' })
  id: string;
}

@ObjectType('TokenLimitSetting', { description: 'One daily token limit setting.' })
export class TokenLimitSettingType {
  @Field(() => TokenLimitLevelEnum, { description: 'Where it is set.' })
  level: TokenLimitLevel;

  @Field(() => ID, { nullable: true, description: 'The unit, group or member it is set on; null for the organization-wide default.' })
  targetId: string | null;

  @Field(() => UserStub, { nullable: true, description: 'The member, for a USER setting.' })
  user: UserStub | null;

  @Field(() => GroupStub, { nullable: true, description: 'The group, for a GROUP setting.' })
  group: GroupStub | null;

  @Field(() => UnitStub, { nullable: true, description: 'The unit, for a UNIT setting (it also covers the units below).' })
  unit: UnitStub | null;

  @Field(() => String, { nullable: true, description: 'The one model it limits; null: all models together.' })
  model: string | null;

  @Field(() => SafeIntResolver, { description: 'Tokens (input + output + cached) per day of the organization\'s time zone; 0 means unlimited.' })
  dailyTokens: number;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was last set (null in a candidate list built for a preview).' })
  setAt: Date | null;

  @Field(() => UserStub, { nullable: true, description: 'Who last set it (null once that member is deleted).' })
  setBy: UserStub | null;
}

@ObjectType('TokenLimitScope', { description: 'A member\'s limit on one model scope today: the settings that reach them, the one that applies, and the day\'s numbers.' })
export class TokenLimitScopeType {
  @Field(() => String, { nullable: true, description: 'The model; null: all models together.' })
  model: string | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Tokens per day in force; null: unlimited (nothing set, or a 0 among the candidates).' })
  limit: number | null;

  @Field(() => TokenLimitSettingType, { nullable: true, description: 'The setting that decided: the highest, or the 0 that made it unlimited; null when nothing is set.' })
  source: TokenLimitSettingType | null;

  @Field(() => [TokenLimitSettingType], { description: 'Every setting that reaches the member on this scope, most specific first (user, groups, units, organization).' })
  candidates: TokenLimitSettingType[];

  @Field(() => SafeIntResolver, { description: 'Tokens used today.' })
  usedToday: number;

  @Field(() => SafeIntResolver, { description: 'Tokens held by open reservations.' })
  held: number;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Tokens left today (limit - used - held, never below 0); null: unlimited.' })
  remaining: number | null;
}

@ObjectType('EffectiveTokenLimit', { description: 'A member\'s daily token limit explained: which level and setting produced it, used today, remaining, and when it resets.' })
export class EffectiveTokenLimitType {
  @Field(() => UserStub, { description: 'The member.' })
  user: UserStub;

  @Field(() => String, { nullable: true, description: 'The model asked about; null: all models only.' })
  model: string | null;

  @Field(() => String, { description: 'Today in the organization\'s time zone, YYYY-MM-DD.' })
  date: string;

  @Field(() => String, { description: 'The organization\'s time zone (its usage settings).' })
  timeZone: string;

  @Field(() => DateTimeResolver, { description: 'When the day ends and usage starts from 0 (the zone\'s next midnight).' })
  resetsAt: Date;

  @Field(() => SafeIntResolver, { nullable: true, description: 'The limit that binds (the scope with the least left); null: unlimited.' })
  limit: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Tokens left on the binding scope; null: unlimited.' })
  remaining: number | null;

  @Field(() => SafeIntResolver, { description: 'Tokens used today on all models.' })
  usedToday: number;

  @Field(() => TokenLimitLevelEnum, { nullable: true, description: 'The level of the setting that decided; null when nothing is set.' })
  level: TokenLimitLevel | null;

  @Field(() => TokenLimitSettingType, { nullable: true, description: 'The setting that decided; null when nothing is set.' })
  source: TokenLimitSettingType | null;

  @Field(() => TokenLimitScopeType, { description: 'The limit on all models together.' })
  allModels: TokenLimitScopeType;

  @Field(() => TokenLimitScopeType, { nullable: true, description: 'The asked model\'s own limit (beside the all-models one; both apply); null when no model was asked.' })
  forModel: TokenLimitScopeType | null;
}

@InputType({ description: 'Which setting: a level, its target and a model.' })
export class TokenLimitKeyInput {
  @Field(() => TokenLimitLevelEnum, { description: 'Where it is set.' })
  level: TokenLimitLevel;

  @Field(() => ID, { nullable: true, description: 'The unit, group or member (LIMIT_TARGET_NOT_FOUND otherwise); none for ORGANIZATION. At most 64 characters.' })
  targetId?: string | null;

  @Field(() => String, { nullable: true, description: 'The one model it limits; absent or empty: all models. Up to 128 characters (longer is a userError).' })
  model?: string | null;
}

@InputType({ description: 'A daily token limit to set.' })
export class SetTokenLimitInput extends TokenLimitKeyInput {
  @Field(() => SafeIntResolver, { description: 'Tokens per day; 0 means unlimited (INVALID_LIMIT when negative).' })
  dailyTokens: number;
}

@ObjectType({ description: 'Result of setTokenLimit.' })
export class SetTokenLimitPayload {
  @Field(() => TokenLimitSettingType, { nullable: true, description: 'The setting as it now is; null when userErrors is not empty.' })
  setting: TokenLimitSettingType | null;

  @Field(() => [MeteringUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: MeteringUserError[];
}

@ObjectType({ description: 'Result of removeTokenLimit.' })
export class RemoveTokenLimitPayload {
  @Field(() => Boolean, { description: 'True when the setting is gone (also when there was none).' })
  removed: boolean;

  @Field(() => [MeteringUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: MeteringUserError[];
}

@InputType({ description: 'Tokens to hold before a model call.' })
export class ReserveTokensInput {
  @Field(() => ID, { description: 'The member the call is for. At most 64 characters.' })
  userId: string;

  @Field(() => String, { nullable: true, description: 'The model to be called (its own limit applies beside the all-models one). Up to 128 characters (longer is a userError).' })
  model?: string | null;

  @Field(() => SafeIntResolver, { description: 'Tokens the call may use, from 1 up.' })
  estimate: number;

  @Field(() => String, { description: 'The platform\'s id of the call: reserving again with it answers the same hold. Up to 128 characters (longer is a userError).' })
  requestId: string;
}

@ObjectType('TokenHold', { description: 'Tokens held for a call in flight.' })
export class TokenHoldType {
  @Field(() => ID, { description: 'Hold id (settleUsage takes it).' })
  id: string;

  @Field(() => String, { description: 'The request id it was made with.' })
  requestId: string;

  @Field(() => UserStub, { nullable: true, description: 'The member (null once deleted).' })
  user: UserStub | null;

  @Field(() => String, { nullable: true, description: 'The model; null when none was named.' })
  model: string | null;

  @Field(() => SafeIntResolver, { description: 'Tokens held.' })
  tokens: number;

  @Field(() => DateTimeResolver, { description: 'When it was made.' })
  createdAt: Date;

  @Field(() => DateTimeResolver, { description: 'When it stops counting if never settled.' })
  expiresAt: Date;

  @Field(() => HoldStatusEnum, { description: 'Open, settled or expired.' })
  status: keyof typeof HoldStatusEnum;

  @Field(() => String, { nullable: true, description: 'The usage event that settled it.' })
  settledEventId: string | null;
}

@ObjectType({ description: 'Result of reserveTokens: the hold, or LIMIT_EXCEEDED with the numbers.' })
export class ReserveTokensPayload {
  @Field(() => TokenHoldType, { nullable: true, description: 'The hold; null when refused.' })
  hold: TokenHoldType | null;

  @Field(() => EffectiveTokenLimitType, { nullable: true, description: 'The member\'s limit when it was decided (with this hold counted when granted); null for a refusal that is not about the limit.' })
  limit: EffectiveTokenLimitType | null;

  @Field(() => [MeteringUserError], { description: 'Why nothing was held (LIMIT_EXCEEDED, …); empty on success.' })
  userErrors: MeteringUserError[];
}

@InputType({ description: 'The real usage of a call made under a hold.' })
export class SettleUsageInput {
  @Field(() => ID, { description: 'The hold reserveTokens gave. At most 64 characters.' })
  holdId: string;

  @Field(() => HeldUsageEventInput, { description: 'The usage event, as recordUsage takes it, for the hold\'s member (its model defaults to the hold\'s).' })
  event: HeldUsageEventInput;
}

@ObjectType({ description: 'Result of settleUsage.' })
export class SettleUsagePayload {
  @Field(() => TokenHoldType, { nullable: true, description: 'The hold, now settled; null when userErrors is not empty.' })
  hold: TokenHoldType | null;

  @Field(() => UsageEventResult, { nullable: true, description: 'What became of the event (DUPLICATE when settled before with it).' })
  event: UsageEventResult | null;

  @Field(() => [MeteringUserError], { description: 'Why nothing was recorded or released; empty on success.' })
  userErrors: MeteringUserError[];
}

@InputType({ description: 'A proposed daily token limit to try out.' })
export class PreviewLimitChangeInput extends TokenLimitKeyInput {
  @Field(() => SafeIntResolver, { nullable: true, description: 'The proposed tokens per day (0: unlimited); null: the setting removed.' })
  dailyTokens?: number | null;
}

@ObjectType('LimitChangeImpact', { description: 'A member who would be over their limit today if the change were made.' })
export class LimitChangeImpactType {
  @Field(() => UserStub, { description: 'The member.' })
  user: UserStub;

  @Field(() => SafeIntResolver, { description: 'Tokens used today on the setting\'s model scope.' })
  usedToday: number;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Their limit on that scope now; null: unlimited.' })
  limitNow: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Their limit on that scope after the change; null: unlimited.' })
  limitAfter: number | null;

  @Field(() => SafeIntResolver, { description: 'Tokens over the new limit (used today - limit after).' })
  overBy: number;
}

@ObjectType('LimitChangePreview', { description: 'What a limit change would do today (a dry run: nothing is changed).' })
export class LimitChangePreviewType {
  @Field(() => SafeIntResolver, { description: 'Members with usage today whose limit the change reaches.' })
  membersReached: number;

  @Field(() => [LimitChangeImpactType], { description: 'Those who would be over the new limit, most over first.' })
  overLimit: LimitChangeImpactType[];

  @Field(() => [MeteringUserError], { description: 'Why the change could not be made (the same refusals as setTokenLimit); empty when it could.' })
  userErrors: MeteringUserError[];
}
