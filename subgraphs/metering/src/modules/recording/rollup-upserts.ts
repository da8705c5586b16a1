import { EntityManager } from 'typeorm';
import { chunksOf } from '@gatehouse/shared';
import { AcceptedUsageEvent } from './usage-event-input';
import { addMeasuresOnConflict, quoteName, rollupDimensions as dimensions, rollupMeasures as measures } from './rollup-sql';
import { hourMs, quarterMs } from './usage-rollup.entity';

type Dimension = (typeof dimensions)[number];
type Measure = (typeof measures)[number];
export type RollupRow = Record<Dimension, string | number> & Record<Measure, number>;

/** Events summed per rollup row of one bucket length, sorted by key (concurrent batches then lock rows in one order). */
export function rollupRows(organizationId: string, events: readonly AcceptedUsageEvent[], bucketMs: number): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const e of events) {
    const bucket = Math.floor(e.occurredAt.getTime() / bucketMs);
    const spaceId = e.spaceId ?? '';
    const agentId = e.agentId ?? '';
    const userId = e.userId ?? '';
    const provider = e.provider ?? '';
    const model = e.model ?? '';
    // The dimensions in rollupDimensions' order (organizationId is the same for every row).
    const key = `${bucket}\u0000${e.computeType}\u0000${spaceId}\u0000${agentId}\u0000${userId}\u0000${provider}\u0000${model}`;
    const existing = rows.get(key);
    if (existing) {
      existing.costMicroUsd += e.costMicroUsd;
      existing.inputTokens += e.inputTokens;
      existing.outputTokens += e.outputTokens;
      existing.cachedTokens += e.cachedTokens;
      existing.events += 1;
    } else {
      rows.set(key, {
        organizationId, bucket, computeType: e.computeType, spaceId, agentId, userId, provider, model,
        costMicroUsd: e.costMicroUsd, inputTokens: e.inputTokens, outputTokens: e.outputTokens, cachedTokens: e.cachedTokens, events: 1,
      });
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * Adds rows to a rollup table: a new key is inserted, an existing one has the amounts added, in
 * one statement per 200 rows (SQLite's ON CONFLICT, MySQL's ON DUPLICATE KEY).
 */
export async function addToRollup(manager: EntityManager, table: 'usage_hourly' | 'usage_quarter_hourly', rows: readonly RollupRow[]): Promise<void> {
  const mysql = manager.connection.options.type !== 'better-sqlite3';
  const columns = [...dimensions, ...measures];
  const quote = (name: string) => quoteName(mysql, name);
  const conflict = addMeasuresOnConflict(mysql);
  for (const chunk of chunksOf(rows, 200)) {
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const parameters: (string | number)[] = [];
    for (const row of chunk) for (const c of columns) parameters.push(row[c]);
    await manager.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${placeholders} ${conflict}`, parameters);
  }
}

/** Both rollups of a batch's accepted events. */
export async function rollUp(manager: EntityManager, organizationId: string, events: readonly AcceptedUsageEvent[]): Promise<void> {
  await addToRollup(manager, 'usage_hourly', rollupRows(organizationId, events, hourMs));
  await addToRollup(manager, 'usage_quarter_hourly', rollupRows(organizationId, events, quarterMs));
}
