import { MemberViewer, forbidden, ok } from '@gatehouse/shared';
import { MeteringResult } from '../../errors/metering-error-code';
import { AnalyticsGrants } from '../dashboard/analytics-grants';
import { Amounts, addAmounts, noAmounts } from '../dashboard/rollup-reader';
import { UsageDay, UsageReport, UsageService, checkRange } from '../dashboard/usage.service';

export interface CrossOrganizationQuery {
  from: string;
  to: string;
  /** Days are counted in it; UTC when absent (the organizations' own time zones may differ). */
  timeZone?: string | null;
  computeTypes?: readonly string[] | null;
}

/** Why an organization the account belongs to is not in the view. */
export type LeftOutReason = 'PENDING' | 'NO_ANALYTICS_READ';

export interface CrossOrganizationReport {
  from: string;
  to: string;
  timeZone: string;
  totals: Amounts;
  daily: UsageDay[];
  organizations: { organizationId: string; organizationName: string; amounts: Amounts }[];
  agents: { organizationId: string; agentId: string; agentName: string | null; amounts: Amounts }[];
  models: { provider: string | null; model: string | null; amounts: Amounts }[];
  leftOut: { organizationId: string; organizationName: string; reason: LeftOutReason }[];
}

/**
 * One view of the usage of every organization an account belongs to and reads analytics in:
 * an organization counts when the account is an ACTIVE member there holding Analytics READ across
 * it (a space-scoped grant does not make an organization's usage part of a combined total). Each
 * organization's part is its own dashboard (the same rollups and day boundaries), summed.
 */
export class CrossOrganizationUsageService {
  constructor(
    private readonly usage: UsageService,
    private readonly grants: AnalyticsGrants,
  ) {}

  async report(viewer: MemberViewer, query: CrossOrganizationQuery): Promise<MeteringResult<CrossOrganizationReport>> {
    // A PENDING membership gives no access at all, here too: switch to an organization you are ACTIVE in.
    if (viewer.membershipStatus !== 'ACTIVE') throw forbidden('Usage across organizations takes an ACTIVE membership in the organization you are signed in to.');
    const checked = checkRange(query, query.timeZone ?? 'UTC');
    if (!checked.ok) return checked;
    const timeZone = checked.value;
    const memberships = await this.grants.membershipsOf(viewer.accountId);
    const included = memberships.filter((m) => m.readsAnalytics);
    const leftOut = memberships.filter((m) => !m.readsAnalytics).map((m) => ({ organizationId: m.organizationId, organizationName: m.organizationName, reason: (m.status === 'PENDING' ? 'PENDING' : 'NO_ANALYTICS_READ') as LeftOutReason }));
    const filter = { from: query.from, to: query.to, timeZone, computeTypes: query.computeTypes };
    const reports: UsageReport[] = [];
    for (const m of included) {
      const report = await this.usage.report({ organizationId: m.organizationId, all: true }, filter);
      if (!report.ok) return report;
      reports.push(report.value);
    }
    return ok(combined(query, timeZone, included, reports, leftOut));
  }
}

/** The organizations' reports (same days, same time zone) as one. */
function combined(query: CrossOrganizationQuery, timeZone: string, organizations: readonly { organizationId: string; organizationName: string }[], reports: readonly UsageReport[], leftOut: CrossOrganizationReport['leftOut']): CrossOrganizationReport {
  const totals = noAmounts();
  const daily = new Map<string, { amounts: Amounts; perType: Map<string, Amounts> }>();
  const models = new Map<string, { provider: string | null; model: string | null; amounts: Amounts }>();
  const agents: CrossOrganizationReport['agents'] = [];
  for (const report of reports) {
    addAmounts(totals, report.totals);
    for (const day of report.daily) {
      const into = daily.get(day.date) ?? daily.set(day.date, { amounts: noAmounts(), perType: new Map() }).get(day.date)!;
      addAmounts(into.amounts, day.amounts);
      for (const t of day.byComputeType) addAmounts(into.perType.get(t.computeType) ?? into.perType.set(t.computeType, noAmounts()).get(t.computeType)!, t.amounts);
    }
    for (const m of report.models) {
      const key = `${m.provider}\u0000${m.model}`;
      addAmounts((models.get(key) ?? models.set(key, { provider: m.provider, model: m.model, amounts: noAmounts() }).get(key)!).amounts, m.amounts);
    }
    for (const a of report.agents) agents.push({ organizationId: report.organizationId, ...a });
  }
  const byCost = <T extends { amounts: Amounts }>(a: T, b: T) => b.amounts.costMicroUsd - a.amounts.costMicroUsd;
  return {
    from: query.from,
    to: query.to,
    timeZone,
    totals,
    // Every day of the range (zeros included, as any dashboard's), even with no organization to read.
    daily: datesOf(query.from, query.to).map((date) => {
      const day = daily.get(date);
      return { date, amounts: day?.amounts ?? noAmounts(), byComputeType: [...(day?.perType ?? new Map<string, Amounts>()).entries()].map(([computeType, amounts]) => ({ computeType, amounts })).sort((a, b) => a.computeType.localeCompare(b.computeType)) };
    }),
    organizations: organizations.map((o, i) => ({ ...o, amounts: reports[i].totals })).sort((a, b) => byCost(a, b) || a.organizationName.localeCompare(b.organizationName)),
    agents: agents.sort((a, b) => byCost(a, b) || a.agentId.localeCompare(b.agentId)),
    models: [...models.values()].sort((a, b) => byCost(a, b) || `${a.provider}/${a.model}`.localeCompare(`${b.provider}/${b.model}`)),
    leftOut,
  };
}

/** Every date from `from` to `to` (checked dates, at most the dashboard's span). */
function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}
