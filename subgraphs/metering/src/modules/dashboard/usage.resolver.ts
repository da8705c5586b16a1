import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import { MeteringContext } from '../../context';
import { MeteringViolation } from '../../errors/metering-error-code';
import { AgentUsage, ComputeTypeUsage, DailyUsage, ModelUsage, SpaceUsage, Usage, UsageFilter, UserUsage, withAmounts } from './usage.types';
import { UsageDay, UsageReport } from './usage.service';
import { UsageScope } from './usage-scope';

@Resolver()
export class UsageResolver {
  @Query(() => Usage, { description: 'The analytics dashboard: everything with Analytics READ in the organization, else the usage in the spaces where the viewer holds Analytics READ and their own. A bad range or time zone is a BAD_USER_INPUT error.' })
  async usage(@Arg('filter', () => UsageFilter, { description: 'Range and narrowing.' }) filter: UsageFilter, @Ctx() ctx: MeteringContext): Promise<Usage> {
    return usageFor(ctx, filter);
  }
}

/** The dashboard for a filter within the viewer's scope; a bad range or time zone is BAD_USER_INPUT. */
export async function usageFor(ctx: MeteringContext, filter: UsageFilter, scope?: UsageScope): Promise<Usage> {
  scope ??= await ctx.usageScope();
  const result = await ctx.services.usage.report(scope, filter);
  if (!result.ok) throw badUserInput(result.errors[0]);
  return toUsage(result.value);
}

/** A refused filter as the GraphQL error every usage field answers it with (BAD_USER_INPUT, the reason's code and field). */
export function badUserInput(violation: MeteringViolation): GraphQLError {
  return new GraphQLError(violation.message, { extensions: { code: 'BAD_USER_INPUT', reason: violation.code, field: violation.field } });
}

export function toUsage(report: UsageReport): Usage {
  return withAmounts(Usage, report.totals, {
    from: report.from,
    to: report.to,
    timeZone: report.timeZone,
    daily: report.daily.map(toDaily),
    topAgents: report.agents.map((a) => withAmounts(AgentUsage, a.amounts, { agentId: a.agentId, agentName: a.agentName })),
    byModel: report.models.map((m) => withAmounts(ModelUsage, m.amounts, { provider: m.provider, model: m.model })),
    bySpace: report.spaces.map((s) => withAmounts(SpaceUsage, s.amounts, { space: s.spaceId ? { id: s.spaceId } : null })),
    byUser: report.users.map((u) => withAmounts(UserUsage, u.amounts, { user: u.userId ? { id: u.userId } : null })),
  });
}

/** One day of a report (a bar of the chart). */
export function toDaily(day: UsageDay): DailyUsage {
  return withAmounts(DailyUsage, day.amounts, { date: day.date, byComputeType: day.byComputeType.map((t) => withAmounts(ComputeTypeUsage, t.amounts, { computeType: t.computeType })) });
}
