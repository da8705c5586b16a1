import { DataSource, QueryRunner } from 'typeorm';
import { dateParameter } from '@gatehouse/shared';
import { UsageEvent } from '../recording/usage-event.entity';
import { Month, addMonthsAhead, dropPartitions, isMonth, monthOf, partitionsBefore } from './usage-partitions';

/** What dropping raw months removed: whole partitions (MySQL) and events deleted one by one (SQLite, and older events sharing a kept partition). */
export interface DroppedMonths {
  partitions: string[];
  deletedEvents: number;
}

/**
 * Runs `work` on one connection holding the database-wide named lock of partition changes, so that
 * several instances (each maintaining on start and daily) and an operator's drop never run DDL on
 * the table at once. `waitSeconds` 0: give up at once (another instance is on it) and answer null.
 */
async function underPartitionLock<T>(dataSource: DataSource, waitSeconds: number, work: (runner: QueryRunner) => Promise<T>): Promise<T | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ got }] = (await runner.query("SELECT GET_LOCK(CONCAT('usage-partitions:', DATABASE()), ?) AS got", [waitSeconds])) as { got: number | null }[];
    if (Number(got) !== 1) return null;
    try {
      return await work(runner);
    } finally {
      await runner.query("SELECT RELEASE_LOCK(CONCAT('usage-partitions:', DATABASE()))");
    }
  } finally {
    await runner.release();
  }
}

const isMysql = (dataSource: DataSource) => dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';

/**
 * Makes sure the months ahead have their partitions (MySQL; SQLite has none): the partitions it
 * added, [] when all were there or another instance is adding them right now.
 */
export async function ensureMonthsAhead(dataSource: DataSource, nowMs: number, monthsAhead: number): Promise<string[]> {
  if (!isMysql(dataSource)) return [];
  return (await underPartitionLock(dataSource, 0, (runner) => addMonthsAhead(runner, nowMs, monthsAhead))) ?? [];
}

/**
 * Drops the raw events of the months before `before` (YYYY-MM, UTC; at most the current month):
 * their partitions on MySQL, a DELETE on SQLite. The rollups stay, so the dashboard and the daily
 * CSV keep every total; the raw CSV and anything reading events no longer see those months. The
 * events' idempotency keys stay too, so a service resending a dropped event gets DUPLICATE and it
 * is never counted twice.
 */
export async function dropRawMonthsBefore(dataSource: DataSource, before: Month, nowMs: number): Promise<DroppedMonths> {
  if (!isMonth(before)) throw new RangeError(`not a month (YYYY-MM, 2000 or later): ${JSON.stringify(before)}`);
  if (before > monthOf(nowMs)) throw new RangeError(`${before} is after the current month (${monthOf(nowMs)}): only past months are dropped`);
  const cutoff = dateParameter(dataSource, Date.parse(`${before}-01T00:00:00Z`));
  const deleteOlder = async () => (await dataSource.createQueryBuilder().delete().from(UsageEvent).where('occurredAt < :cutoff', { cutoff }).execute()).affected ?? 0;
  if (!isMysql(dataSource)) return { partitions: [], deletedEvents: await deleteOlder() };
  const partitions = await underPartitionLock(dataSource, 120, async (runner) => {
    const names = await partitionsBefore(runner, before);
    await dropPartitions(runner, names);
    return names;
  });
  if (partitions === null) throw new Error('another instance held the partition lock for 2 minutes; try again');
  // Events older than the oldest kept partition's month share it (they arrived late, or predate partitioning).
  return { partitions, deletedEvents: await deleteOlder() };
}

