import { RuleViolation, Viewer, Area, Level, viewerCan, forbidden, ok, refused } from '@gatehouse/shared';
import { DataSource } from 'typeorm';
import { MeteringResult } from '../../errors/metering-error-code';
import { UsageAgent } from '../recording/usage-agent.entity';
import { In } from 'typeorm';
import { AnalyticsGrants } from './analytics-grants';
import { isTimeZone, localDays } from './local-days';
import { filterBoundsViolation } from './usage-filter-bounds';
import { Amounts, RollupReader, SummedRow, addAmounts, noAmounts } from './rollup-reader';
import { UsageFilterValue, UsageScope } from './usage-scope';
import { organizationTimeZone } from './usage-settings.service';

/** The longest range one dashboard spans (a little over a year: year-on-year views). */
export const maxRangeDays = 400;

export interface UsageQuery extends UsageFilterValue {
  from: string;
  to: string;
  timeZone?: string | null;
}

export interface UsageDay {
  date: string;
  amounts: Amounts;
  byComputeType: { computeType: string; amounts: Amounts }[];
}

export interface UsageReport {
  organizationId: string;
  from: string;
  to: string;
  timeZone: string;
  totals: Amounts;
  daily: UsageDay[];
  agents: { agentId: string; agentName: string | null; amounts: Amounts }[];
  models: { provider: string | null; model: string | null; amounts: Amounts }[];
  spaces: { spaceId: string | null; amounts: Amounts }[];
  users: { userId: string | null; amounts: Amounts }[];
}

/** The dashboard: totals, the daily series per compute type and the breakdowns, read from the rollups. */
export class UsageService {
  private readonly reader: RollupReader;

  constructor(
    private readonly dataSource: DataSource,
    private readonly grants: AnalyticsGrants,
  ) {
    this.reader = new RollupReader(dataSource);
  }

  /**
   * What the viewer may see of their organization's usage: all of it with Analytics READ there
   * (a person or an API key); else, for an ACTIVE member, the usage in the live spaces where they
   * hold Analytics READ (a role held in that space) and their own (a person's own usage is always
   * theirs to see). Access control is asked on every call: nothing is cached across requests.
   */
  async scopeOf(viewer: Viewer): Promise<UsageScope> {
    if (viewer.kind === 'apiKey' || viewer.kind === 'member') {
      if (viewerCan(viewer, Area.ANALYTICS, Level.READ)) return { organizationId: viewer.organizationId, all: true };
      if (viewer.kind === 'member' && viewer.membershipStatus === 'ACTIVE') {
        const reached = await this.grants.spacesWithAnalytics(viewer.organizationId, viewer.accountId);
        // The signed viewer is cached briefly; access control's fresher answer may already grant it across the organization.
        if (reached.organizationWide) return { organizationId: viewer.organizationId, all: true };
        return { organizationId: viewer.organizationId, all: false, spaceIds: reached.spaceIds, userId: viewer.accountId };
      }
    }
    throw forbidden('Usage takes Analytics READ (or is your own).');
  }

  async timeZoneOf(organizationId: string): Promise<string> {
    return organizationTimeZone(this.dataSource, organizationId);
  }

  /** The query's time zone (the organization's when it names none), or why the query is refused. */
  async checkQuery(scope: UsageScope, query: UsageQuery): Promise<MeteringResult<string>> {
    return checkRange(query, query.timeZone ?? (await this.timeZoneOf(scope.organizationId)));
  }

  async report(scope: UsageScope, query: UsageQuery): Promise<MeteringResult<UsageReport>> {
    const checked = await this.checkQuery(scope, query);
    if (!checked.ok) return checked;
    const timeZone = checked.value;
    const days = localDays(query.from, query.to, timeZone);
    const start = days[0].start;
    const end = days[days.length - 1].end;
    const series = await this.reader.sum(scope, query, start, end, ['computeType'], { byBucket: true, splitAt: days.map((d) => d.start) });
    const daily: UsageDay[] = days.map((d) => ({ date: d.date, amounts: noAmounts(), byComputeType: [] }));
    const perType = days.map(() => new Map<string, Amounts>());
    for (const row of series) {
      const index = dayIndexOf(days, row.startMs);
      if (index < 0) continue;
      addAmounts(daily[index].amounts, row);
      const type = String(row.computeType);
      addAmounts(perType[index].get(type) ?? perType[index].set(type, noAmounts()).get(type)!, row);
    }
    daily.forEach((day, i) => (day.byComputeType = [...perType[i].entries()].map(([computeType, amounts]) => ({ computeType, amounts })).sort((a, b) => a.computeType.localeCompare(b.computeType))));
    const totals = daily.reduce((sum, day) => addAmounts(sum, day.amounts), noAmounts());
    // One read grouped by every dimension a breakdown names (a row per combination, not per hour), folded four ways here:
    // one scan of the range's rollup rows instead of one per breakdown.
    const combinationRows = await this.reader.sum(scope, query, start, end, ['agentId', 'provider', 'model', 'spaceId', 'userId']);
    const agents = merged(combinationRows, (r) => String(r.agentId)).filter((a) => a.key !== '');
    const names = agents.length ? new Map((await this.dataSource.getRepository(UsageAgent).find({ where: { organizationId: scope.organizationId, agentId: In(agents.map((a) => a.key)) } })).map((a) => [a.agentId, a.name])) : new Map<string, string>();
    return ok({
      organizationId: scope.organizationId,
      from: query.from,
      to: query.to,
      timeZone,
      totals,
      daily,
      agents: agents.map((a) => ({ agentId: a.key, agentName: names.get(a.key) ?? null, amounts: a.amounts })),
      models: merged(combinationRows, (r) => `${r.provider}\u0000${r.model}`).map((m) => {
        const [provider, model] = m.key.split('\u0000');
        return { provider: provider || null, model: model || null, amounts: m.amounts };
      }),
      spaces: merged(combinationRows, (r) => String(r.spaceId)).map((s) => ({ spaceId: s.key || null, amounts: s.amounts })),
      users: merged(combinationRows, (r) => String(r.userId)).map((u) => ({ userId: u.key || null, amounts: u.amounts })),
    });
  }
}

/** `timeZone` when the range in it is one a dashboard shows, or why it is refused. */
export function checkRange(query: { from: string; to: string } & Pick<UsageFilterValue, 'computeTypes'>, timeZone: string): MeteringResult<string> {
  if (!isTimeZone(timeZone)) return refused(new RuleViolation('INVALID_TIME_ZONE', `Unknown time zone ${JSON.stringify(timeZone.slice(0, 64))}.`, ['filter', 'timeZone']));
  if (!isDate(query.from) || !isDate(query.to) || query.from > query.to) return refused(new RuleViolation('INVALID_RANGE', 'from and to are dates (YYYY-MM-DD), from not after to.', ['filter', 'from']));
  const spanDays = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (spanDays > maxRangeDays) return refused(new RuleViolation('INVALID_RANGE', `A dashboard spans at most ${maxRangeDays} days.`, ['filter', 'to']));
  const unbounded = filterBoundsViolation(query);
  if (unbounded) return refused(unbounded);
  return ok(timeZone);
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** The day a bucket starting at `startMs` belongs to (buckets never straddle a day: see RollupReader). */
function dayIndexOf(days: readonly { start: number; end: number }[], startMs: number): number {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (startMs < days[middle].start) high = middle - 1;
    else if (startMs >= days[middle].end) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** Rows of the pieces of a range summed per key, most expensive first. */
function merged(rows: readonly SummedRow[], keyOf: (row: SummedRow) => string): { key: string; amounts: Amounts }[] {
  const sums = new Map<string, Amounts>();
  for (const row of rows) addAmounts(sums.get(keyOf(row)) ?? sums.set(keyOf(row), noAmounts()).get(keyOf(row))!, row);
  return [...sums.entries()].map(([key, amounts]) => ({ key, amounts })).sort((a, b) => b.amounts.costMicroUsd - a.amounts.costMicroUsd || a.key.localeCompare(b.key));
}
