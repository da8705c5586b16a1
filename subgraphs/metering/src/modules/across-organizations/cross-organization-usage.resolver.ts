import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { requireMember } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { badUserInput, toDaily } from '../dashboard/usage.resolver';
import { ModelUsage, withAmounts } from '../dashboard/usage.types';
import { LeftOutOrganization, OrganizationAgentUsage, OrganizationUsage, UsageAcrossOrganizations, UsageAcrossOrganizationsFilter } from './cross-organization-usage.types';

@Resolver()
export class CrossOrganizationUsageResolver {
  @Query(() => UsageAcrossOrganizations, {
    description: 'The signed-in person\'s usage view across every organization they belong to as an ACTIVE member with Analytics READ across it, combined; `leftOut` names the others. API keys (one organization each) and PENDING sessions are FORBIDDEN. A bad range or time zone is a BAD_USER_INPUT error.',
  })
  async usageAcrossOrganizations(@Arg('filter', () => UsageAcrossOrganizationsFilter, { description: 'Range, time zone and compute types.' }) filter: UsageAcrossOrganizationsFilter, @Ctx() ctx: MeteringContext): Promise<UsageAcrossOrganizations> {
    const result = await ctx.services.acrossOrganizations.report(requireMember(ctx.viewer), filter);
    if (!result.ok) throw badUserInput(result.errors[0]);
    const report = result.value;
    return withAmounts(UsageAcrossOrganizations, report.totals, {
      from: report.from,
      to: report.to,
      timeZone: report.timeZone,
      daily: report.daily.map(toDaily),
      byOrganization: report.organizations.map((o) => withAmounts(OrganizationUsage, o.amounts, { organizationId: o.organizationId, organizationName: o.organizationName })),
      topAgents: report.agents.map((a) => withAmounts(OrganizationAgentUsage, a.amounts, { organizationId: a.organizationId, agentId: a.agentId, agentName: a.agentName })),
      byModel: report.models.map((m) => withAmounts(ModelUsage, m.amounts, { provider: m.provider, model: m.model })),
      leftOut: report.leftOut.map((l) => Object.assign(new LeftOutOrganization(), l)),
    });
  }
}
