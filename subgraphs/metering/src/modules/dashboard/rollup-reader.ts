import { DataSource, SelectQueryBuilder } from 'typeorm';
import { toNumber } from '../../big-integers';
import { UsageHourly, UsageQuarterHourly, hourMs, quarterMs } from '../recording/usage-rollup.entity';
import { UsageFilterValue, UsageScope } from './usage-scope';

export interface Amounts {
  costMicroUsd: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  events: number;
}

export const noAmounts = (): Amounts => ({ costMicroUsd: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, events: 0 });

export function addAmounts(into: Amounts, more: Amounts): Amounts {
  into.costMicroUsd += more.costMicroUsd;
  into.inputTokens += more.inputTokens;
  into.outputTokens += more.outputTokens;
  into.cachedTokens += more.cachedTokens;
  into.events += more.events;
  return into;
}

type Dimension = 'computeType' | 'spaceId' | 'agentId' | 'userId' | 'provider' | 'model';
export type SummedRow = Amounts & Record<string, string | number>;

/** A piece of the range read from one rollup: buckets [from, to) of that rollup, or an explicit list. */
type Piece = { table: typeof UsageHourly | typeof UsageQuarterHourly; from?: number; to?: number; buckets?: number[] };

/**
 * Sums of the rollups over instants [start, end), grouped by some dimensions (and by bucket, for
 * a daily series): whole hours come from the hourly rollup and the rest (a range's ragged edges,
 * and the hours a local midnight splits: `splitAt`) from the quarter-hour rollup, so the answer is
 * exact for any quarter-aligned boundaries while reading about one row per hour and combination.
 */
export class RollupReader {
  constructor(private readonly dataSource: DataSource) {}

  async sum(scope: UsageScope, filter: UsageFilterValue, start: number, end: number, groupBy: readonly Dimension[], options: { byBucket?: boolean; splitAt?: readonly number[] } = {}): Promise<(SummedRow & { startMs: number })[]> {
    const pieces = this.pieces(start, end, options.splitAt ?? []);
    const rows: (SummedRow & { startMs: number })[] = [];
    for (const piece of pieces) {
      const bucketMs = piece.table === UsageHourly ? hourMs : quarterMs;
      const query = this.dataSource.getRepository(piece.table).createQueryBuilder('r');
      query.select('SUM(r.costMicroUsd)', 'costMicroUsd').addSelect('SUM(r.inputTokens)', 'inputTokens').addSelect('SUM(r.outputTokens)', 'outputTokens').addSelect('SUM(r.cachedTokens)', 'cachedTokens').addSelect('SUM(r.events)', 'events');
      for (const dimension of groupBy) query.addSelect(`r.${dimension}`, dimension).addGroupBy(`r.${dimension}`);
      if (options.byBucket) query.addSelect('r.bucket', 'bucket').addGroupBy('r.bucket');
      applyScope(query, scope, filter);
      if (piece.buckets) {
        if (piece.buckets.length === 0) continue;
        query.andWhere('r.bucket IN (:...buckets)', { buckets: piece.buckets });
      } else query.andWhere('r.bucket >= :from AND r.bucket < :to', { from: piece.from, to: piece.to });
      for (const raw of await query.getRawMany<Record<string, string | number>>()) {
        const row: SummedRow & { startMs: number } = {
          costMicroUsd: toNumber(raw.costMicroUsd),
          inputTokens: toNumber(raw.inputTokens),
          outputTokens: toNumber(raw.outputTokens),
          cachedTokens: toNumber(raw.cachedTokens),
          events: toNumber(raw.events),
          startMs: options.byBucket ? toNumber(raw.bucket) * bucketMs : start,
        };
        for (const dimension of groupBy) row[dimension] = String(raw[dimension]);
        rows.push(row);
      }
    }
    return rows;
  }

  /** [start, end) as whole hours (minus split ones) from the hourly rollup, and quarters for the rest. */
  private pieces(start: number, end: number, splitAt: readonly number[]): Piece[] {
    const firstHour = Math.ceil(start / hourMs);
    const endHour = Math.floor(end / hourMs);
    if (firstHour >= endHour) return [{ table: UsageQuarterHourly, from: Math.floor(start / quarterMs), to: Math.ceil(end / quarterMs) }];
    const split = [...new Set(splitAt.filter((t) => t % hourMs !== 0).map((t) => Math.floor(t / hourMs)))].filter((h) => h >= firstHour && h < endHour).sort((a, b) => a - b);
    const pieces: Piece[] = [];
    let from = firstHour;
    for (const hour of split) {
      if (hour > from) pieces.push({ table: UsageHourly, from, to: hour });
      from = hour + 1;
    }
    if (endHour > from) pieces.push({ table: UsageHourly, from, to: endHour });
    const quarters: number[] = [];
    for (let q = Math.floor(start / quarterMs); q < firstHour * 4; q++) quarters.push(q);
    for (const hour of split) for (let q = hour * 4; q < hour * 4 + 4; q++) quarters.push(q);
    for (let q = endHour * 4; q < Math.ceil(end / quarterMs); q++) quarters.push(q);
    pieces.push({ table: UsageQuarterHourly, buckets: quarters });
    return pieces;
  }
}

/** The organization, the viewer's scope and the filter, as conditions on rollup rows (absent dimensions are ''). */
function applyScope(query: SelectQueryBuilder<UsageHourly>, scope: UsageScope, filter: UsageFilterValue): void {
  query.where('r.organizationId = :organizationId', { organizationId: scope.organizationId });
  if (!scope.all) {
    const visible: string[] = [];
    if (scope.spaceIds.length > 0) visible.push('r.spaceId IN (:...scopeSpaces)');
    if (scope.userId) visible.push('r.userId = :scopeUser');
    query.andWhere(visible.length > 0 ? `(${visible.join(' OR ')})` : '1 = 0', { scopeSpaces: scope.spaceIds, scopeUser: scope.userId });
  }
  if (filter.spaceId) query.andWhere('r.spaceId = :spaceId', { spaceId: filter.spaceId });
  if (filter.agentId) query.andWhere('r.agentId = :agentId', { agentId: filter.agentId });
  if (filter.userId) query.andWhere('r.userId = :userId', { userId: filter.userId });
  if (filter.computeTypes && filter.computeTypes.length > 0) query.andWhere('r.computeType IN (:...computeTypes)', { computeTypes: filter.computeTypes });
}
