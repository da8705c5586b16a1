import { SafeIntResolver } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { Amounts } from './rollup-reader';

/** Metering's part of identity's User (its usage). */
@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A person in the viewer\'s organization.' })
export class UserStub {
  @Field(() => ID, { description: 'Account id.' })
  id: string;
}

/** Metering's part of identity's Space (its usage). */
@Directive('@key(fields: "id")')
@ObjectType('Space', { description: 'A space (subtenant) of the organization: roles say what, spaces say where.' })
export class SpaceStub {
  @Field(() => ID, { description: 'Space id.' })
  id: string;
}

@InputType({ description: 'Which usage a dashboard shows: a range of days, narrowed by space, agent, user and compute types.' })
export class UsageFilter {
  @Field(() => String, { description: 'First day, YYYY-MM-DD, in the time zone. At most 10 characters.' })
  from: string;

  @Field(() => String, { description: 'Last day (included), YYYY-MM-DD; at most 400 days after from. At most 10 characters.' })
  to: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone the days are counted in (e.g. Asia/Kolkata); the organization\'s (UTC unless set) when absent. At most 64 characters.' })
  timeZone?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this space. At most 64 characters.' })
  spaceId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this agent (its platform id). At most 128 characters.' })
  agentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this member. At most 64 characters.' })
  userId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these compute types (keys; all when absent), up to 20 of them (more is a BAD_USER_INPUT error, reason TOO_MANY_COMPUTE_TYPES). At most 32 characters.' })
  computeTypes?: string[] | null;
}

/** Amounts every usage figure carries. */
@ObjectType('UsageAmounts', { description: 'Amounts every usage figure carries (not exposed on its own).' })
export abstract class UsageAmountsType {
  @Field(() => SafeIntResolver, { description: 'Cost in micro-USD (exact).' })
  costMicroUsd: number;

  @Field(() => Float, { description: 'Cost in USD (costMicroUsd / 1,000,000).' })
  costUsd(): number {
    return this.costMicroUsd / 1_000_000;
  }

  @Field(() => SafeIntResolver, { description: 'Input tokens (not cached).' })
  inputTokens: number;

  @Field(() => SafeIntResolver, { description: 'Output tokens.' })
  outputTokens: number;

  @Field(() => SafeIntResolver, { description: 'Cached input tokens.' })
  cachedTokens: number;

  @Field(() => SafeIntResolver, { description: 'Input + output + cached tokens.' })
  totalTokens(): number {
    return this.inputTokens + this.outputTokens + this.cachedTokens;
  }

  @Field(() => SafeIntResolver, { description: 'Number of events.' })
  events: number;
}

@ObjectType({ description: 'Usage of one compute type (one colored part of a bar of the chart).' })
export class ComputeTypeUsage extends UsageAmountsType {
  @Field(() => String, { description: 'The compute type\'s key (computeTypes gives its name and color).' })
  computeType: string;
}

@ObjectType({ description: 'One day (one bar of the chart), in the dashboard\'s time zone.' })
export class DailyUsage extends UsageAmountsType {
  @Field(() => String, { description: 'The local date, YYYY-MM-DD.' })
  date: string;

  @Field(() => [ComputeTypeUsage], { description: 'The day per compute type (the stack of the bar); types with no usage are left out.' })
  byComputeType: ComputeTypeUsage[];
}

@ObjectType({ description: 'Usage of one agent.' })
export class AgentUsage extends UsageAmountsType {
  @Field(() => String, { description: 'The agent\'s platform id.' })
  agentId: string;

  @Field(() => String, { nullable: true, description: 'Its display name as its latest event gave it.' })
  agentName: string | null;
}

@ObjectType({ description: 'Usage of one model of one provider (the "exact model pricing" view).' })
export class ModelUsage extends UsageAmountsType {
  @Field(() => String, { nullable: true, description: 'The provider; null for events naming none.' })
  provider: string | null;

  @Field(() => String, { nullable: true, description: 'The model; null for events naming none.' })
  model: string | null;
}

@ObjectType({ description: 'Usage in one space.' })
export class SpaceUsage extends UsageAmountsType {
  @Field(() => SpaceStub, { nullable: true, description: 'The space; null for usage in no space.' })
  space: SpaceStub | null;
}

@ObjectType({ description: 'Usage for one member.' })
export class UserUsage extends UsageAmountsType {
  @Field(() => UserStub, { nullable: true, description: 'The member; null for usage for nobody in particular, or for a deleted member (their cost stays in the totals).' })
  user: UserStub | null;
}

@ObjectType({ description: 'The analytics dashboard for a range of days: totals, the daily chart per compute type, and breakdowns, within what the viewer may see.' })
export class Usage extends UsageAmountsType {
  @Field(() => String, { description: 'First day, YYYY-MM-DD.' })
  from: string;

  @Field(() => String, { description: 'Last day (included), YYYY-MM-DD.' })
  to: string;

  @Field(() => String, { description: 'The time zone the days are counted in.' })
  timeZone: string;

  @Field(() => [DailyUsage], { description: 'One entry per day of the range, days without usage included (zeros).' })
  daily: DailyUsage[];

  @Field(() => [AgentUsage], { description: 'Agents by cost, most expensive first.' })
  topAgents: AgentUsage[];

  @Field(() => [ModelUsage], { description: 'Per provider and model, most expensive first.' })
  byModel: ModelUsage[];

  @Field(() => [SpaceUsage], { description: 'Per space, most expensive first.' })
  bySpace: SpaceUsage[];

  @Field(() => [UserUsage], { description: 'Per member, most expensive first.' })
  byUser: UserUsage[];
}

/** Builds an amounts-carrying GraphQL object from plain amounts. */
export function withAmounts<T extends UsageAmountsType>(type: new () => T, amounts: Amounts, fields: Omit<T, keyof UsageAmountsType>): T {
  return Object.assign(new type(), amounts, fields);
}
