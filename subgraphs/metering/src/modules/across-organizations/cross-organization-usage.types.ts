import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LeftOutReason } from './cross-organization-usage.service';
import { AgentUsage, DailyUsage, ModelUsage, UsageAmountsType } from '../dashboard/usage.types';

export const UsageLeftOutReason = { PENDING: 'PENDING', NO_ANALYTICS_READ: 'NO_ANALYTICS_READ' } as const satisfies Record<LeftOutReason, LeftOutReason>;
registerEnumType(UsageLeftOutReason, {
  name: 'UsageLeftOutReason',
  description: 'Why an organization the account belongs to is not part of its usage across organizations.',
  valuesConfig: {
    PENDING: { description: 'The membership there is PENDING (no access at all).' },
    NO_ANALYTICS_READ: { description: 'The account does not hold Analytics READ across that organization (a grant in some of its spaces does not count).' },
  },
});

@InputType({ description: 'Which usage the view across organizations shows: a range of days, narrowed by compute types.' })
export class UsageAcrossOrganizationsFilter {
  @Field(() => String, { description: 'First day, YYYY-MM-DD, in the time zone. At most 10 characters.' })
  from: string;

  @Field(() => String, { description: 'Last day (included), YYYY-MM-DD; at most 400 days after from. At most 10 characters.' })
  to: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone the days are counted in, for every organization alike; UTC when absent (the organizations\' own time zones may differ). At most 64 characters.' })
  timeZone?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these compute types (keys; all when absent), up to 20 of them (more is a BAD_USER_INPUT error, reason TOO_MANY_COMPUTE_TYPES). At most 32 characters.' })
  computeTypes?: string[] | null;
}

@ObjectType({ description: 'One organization\'s part of the usage across organizations.' })
export class OrganizationUsage extends UsageAmountsType {
  @Field(() => ID, { description: 'The organization\'s id.' })
  organizationId: string;

  @Field(() => String, { description: 'The organization\'s name.' })
  organizationName: string;
}

@ObjectType({ description: 'Usage of one agent of one organization.' })
export class OrganizationAgentUsage extends AgentUsage {
  @Field(() => ID, { description: 'The organization the agent ran for.' })
  organizationId: string;
}

@ObjectType({ description: 'An organization the account belongs to that the usage across organizations leaves out, and why.' })
export class LeftOutOrganization {
  @Field(() => ID, { description: 'The organization\'s id.' })
  organizationId: string;

  @Field(() => String, { description: 'The organization\'s name.' })
  organizationName: string;

  @Field(() => UsageLeftOutReason, { description: 'Why it is left out.' })
  reason: LeftOutReason;
}

@ObjectType({ description: 'The usage of every organization the signed-in account belongs to as an ACTIVE member holding Analytics READ across it, combined: totals, the daily chart per compute type, and breakdowns per organization, agent and model.' })
export class UsageAcrossOrganizations extends UsageAmountsType {
  @Field(() => String, { description: 'First day, YYYY-MM-DD.' })
  from: string;

  @Field(() => String, { description: 'Last day (included), YYYY-MM-DD.' })
  to: string;

  @Field(() => String, { description: 'The time zone the days are counted in (the same for every organization).' })
  timeZone: string;

  @Field(() => [DailyUsage], { description: 'One entry per day of the range, summed over the organizations, days without usage included (zeros).' })
  daily: DailyUsage[];

  @Field(() => [OrganizationUsage], { description: 'Every organization included (with no usage too), most expensive first: their amounts add up to the totals.' })
  byOrganization: OrganizationUsage[];

  @Field(() => [OrganizationAgentUsage], { description: 'Agents by cost, most expensive first (an agent belongs to one organization).' })
  topAgents: OrganizationAgentUsage[];

  @Field(() => [ModelUsage], { description: 'Per provider and model, summed over the organizations, most expensive first.' })
  byModel: ModelUsage[];

  @Field(() => [LeftOutOrganization], { description: 'Organizations the account belongs to whose usage is not included, and why.' })
  leftOut: LeftOutOrganization[];
}
