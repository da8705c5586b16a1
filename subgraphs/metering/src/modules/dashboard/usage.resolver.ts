import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import { MeteringContext } from '../../context';
import { AgentUsage, ComputeTypeUsage, DailyUsage, ModelUsage, SpaceUsage, Usage, UsageFilter, UserUsage, withAmounts } from './usage.types';
import { UsageReport } from './usage.service';

@Resolver()
export class UsageResolver {
  @Query(() => Usage, { description: 'The analytics dashboard: everything with Analytics READ in the organization, else the viewer\'s own usage. A bad range or time zone is a BAD_USER_INPUT error.' })
  async usage(@Arg('filter', () => UsageFilter, { description: 'Range and narrowing.' }) filter: UsageFilter, @Ctx() ctx: MeteringContext): Promise<Usage> {
    return usageFor(ctx, filter);
  }
}

/** The dashboard for a filter within the viewer's scope; a bad range or time zone is BAD_USER_INPUT. */
export async function usageFor(ctx: MeteringContext, filter: UsageFilter): Promise<Usage> {
  const scope = ctx.services.usage.scopeOf(ctx.viewer);
  const result = await ctx.services.usage.report(scope, filter);
  if (!result.ok) throw new GraphQLError(result.errors[0].message, { extensions: { code: 'BAD_USER_INPUT', reason: result.errors[0].code, field: result.errors[0].field } });
  return toUsage(result.value);
}

export function toUsage(report: UsageReport): Usage {
  return withAmounts(Usage, report.totals, {
    from: report.from,
    to: report.to,
    timeZone: report.timeZone,
    daily: report.daily.map((d) => withAmounts(DailyUsage, d.amounts, { date: d.date, byComputeType: d.byComputeType.map((t) => withAmounts(ComputeTypeUsage, t.amounts, { computeType: t.computeType })) })),
    topAgents: report.agents.map((a) => withAmounts(AgentUsage, a.amounts, { agentId: a.agentId, agentName: a.agentName })),
    byModel: report.models.map((m) => withAmounts(ModelUsage, m.amounts, { provider: m.provider, model: m.model })),
    bySpace: report.spaces.map((s) => withAmounts(SpaceUsage, s.amounts, { space: s.spaceId ? { id: s.spaceId } : null })),
    byUser: report.users.map((u) => withAmounts(UserUsage, u.amounts, { user: u.userId ? { id: u.userId } : null })),
  });
}
