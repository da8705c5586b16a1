/**
 * Raw usage events on MySQL/MariaDB are partitioned by UTC month of `occurredAt` (RANGE COLUMNS):
 * `pYYYYMM` holds the events before the first instant of the month after YYYY-MM (the oldest one
 * also holds anything older), and `p_future` (MAXVALUE) catches the rest, so an insert never fails
 * for want of a partition. Dropping a month is dropping its partition: instant, and the rollups the
 * dashboard and the daily CSV read are separate tables, so they keep every total.
 */

/** What runs SQL: a DataSource or a QueryRunner (a migration's). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export const partitionedTable = 'usage_event';
export const catchAllPartition = 'p_future';
/** How far back the first split reaches when old events are already there (older ones share the first month's partition). */
const maxMonthsBack = 36;

/** A UTC month as YYYY-MM. */
export type Month = string;

export function monthOf(epochMs: number): Month {
  return new Date(epochMs).toISOString().slice(0, 7);
}

export function addMonths(month: Month, count: number): Month {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + count, 1)).toISOString().slice(0, 7);
}

/** True for a YYYY-MM month from 2000 on. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && value >= '2000-01';
}

const partitionName = (month: Month) => `p${month.replace('-', '')}`;
const monthOfPartition = (name: string): Month | null => {
  const match = /^p(\d{4})(\d{2})$/.exec(name);
  return match ? `${match[1]}-${match[2]}` : null;
};
/** The first instant of the month after `month`, as MySQL DATETIME text (UTC: the data source's timezone is Z). */
const boundOf = (month: Month) => `${addMonths(month, 1)}-01 00:00:00`;

/** The monthly partitions of the table, oldest first (none: it is not partitioned). */
export async function monthlyPartitions(sql: SqlRunner): Promise<{ names: string[]; months: Month[] }> {
  const rows = (await sql.query(
    'SELECT PARTITION_NAME AS name FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_ORDINAL_POSITION',
    [partitionedTable],
  )) as { name: string }[];
  const names = rows.map((r) => r.name);
  return { names, months: names.map(monthOfPartition).filter((m): m is Month => m !== null) };
}

/**
 * Splits the catch-all so that every month up to `monthsAhead` after the month of `nowMs` has its
 * partition. Idempotent: it only adds the months after the newest one; rows the catch-all already
 * holds move to their month. Returns the partitions it added. The caller keeps two of these from
 * running at once (the maintenance's named lock, or the migrations' own).
 */
export async function addMonthsAhead(sql: SqlRunner, nowMs: number, monthsAhead: number): Promise<string[]> {
  const { names, months } = await monthlyPartitions(sql);
  if (!names.includes(catchAllPartition)) throw new Error(`${partitionedTable} has no ${catchAllPartition} partition (was its partitioning migration run?)`);
  const current = monthOf(nowMs);
  const last = addMonths(current, monthsAhead);
  let first: Month;
  if (months.length > 0) first = addMonths(months[months.length - 1], 1);
  else {
    const [{ oldest }] = (await sql.query(`SELECT MIN(occurredAt) AS oldest FROM \`${partitionedTable}\``)) as { oldest: Date | string | null }[];
    const oldestMonth = oldest ? monthOf(new Date(oldest).getTime()) : current;
    first = [oldestMonth, addMonths(current, -maxMonthsBack)].sort()[1];
    if (first > current) first = current;
  }
  const added: Month[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) added.push(month);
  if (added.length === 0) return [];
  const parts = added.map((month) => `PARTITION \`${partitionName(month)}\` VALUES LESS THAN ('${boundOf(month)}')`);
  await sql.query(`ALTER TABLE \`${partitionedTable}\` REORGANIZE PARTITION \`${catchAllPartition}\` INTO (${parts.join(', ')}, PARTITION \`${catchAllPartition}\` VALUES LESS THAN (MAXVALUE))`);
  return added.map(partitionName);
}

/** The monthly partitions that hold only events before `before` (whose upper bound is at most its first instant). */
export async function partitionsBefore(sql: SqlRunner, before: Month): Promise<string[]> {
  const { months } = await monthlyPartitions(sql);
  return months.filter((month) => addMonths(month, 1) <= before).map(partitionName);
}

/** Drops those partitions (one statement; instant whatever their size). */
export async function dropPartitions(sql: SqlRunner, names: readonly string[]): Promise<void> {
  if (names.length > 0) await sql.query(`ALTER TABLE \`${partitionedTable}\` DROP PARTITION ${names.map((n) => `\`${n}\``).join(', ')}`);
}
