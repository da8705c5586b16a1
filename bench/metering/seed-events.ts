import { performance } from 'node:perf_hooks';
import { quoteName, rollupDimensions, rollupMeasures } from '../../subgraphs/metering/src/modules/recording/rollup-sql';
import { MeteringStack, Population, combinations } from './stacks';

export const day = 86_400_000;
const chunk = 500_000;
const eventColumns = ['id', 'occurredAt', 'organizationId', 'eventId', 'computeType', 'userId', 'spaceId', 'agentId', 'agentName', 'provider', 'model', 'inputTokens', 'outputTokens', 'cachedTokens', 'costMicroUsd', 'priceId', 'reportedBy', 'recordedAt'];

/**
 * `count` events of one organization spread evenly over `days` days from `startMs`, inserted
 * straight into usage_event by the database itself (a recursive CTE on SQLite, the sequence engine
 * on MariaDB), each about one of the population's combinations drawn at random, and then both
 * rollups built from them with INSERT … SELECT … GROUP BY: the rows recordUsage would have added.
 * Returns the seconds it took.
 */
export async function seedEvents(s: MeteringStack, organizationId: string, p: Population, count: number, startMs: number, days: number): Promise<number> {
  const started = performance.now();
  const { dataSource: db, mysql } = s;
  const q = (name: string) => quoteName(mysql, name);
  const combos = combinations(p);
  await db.query('DROP TABLE IF EXISTS bench_combo');
  await db.query(`CREATE TABLE bench_combo (c INTEGER PRIMARY KEY, computeType VARCHAR(32), spaceId VARCHAR(36), userId VARCHAR(36), agentId VARCHAR(128), agentName VARCHAR(200), provider VARCHAR(64), model VARCHAR(128), llm INTEGER)`);
  await db.query(`INSERT INTO bench_combo VALUES ${combos.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, combos.flatMap((c, i) => [i, c.computeType, c.spaceId, c.userId, c.agentId, c.agentName, c.provider, c.model, c.model ? 1 : 0]));
  const stepMs = Math.floor((days * day) / count);
  const tag = organizationId.slice(0, 8);
  for (let from = 0; from < count; from += chunk) {
    const to = Math.min(count, from + chunk) - 1;
    // n: the event's number; c: its combination.
    const at = mysql ? `DATE_ADD(?, INTERVAL (s.n * ${stepMs}) * 1000 MICROSECOND)` : `strftime('%Y-%m-%d %H:%M:%f', (? + s.n * ${stepMs}) / 1000.0, 'unixepoch')`;
    const numbered = (prefix: string) => (mysql ? `CONCAT('${prefix}', s.n)` : `('${prefix}' || s.n)`);
    const values = [
      numbered(`${tag}-`), at, '?', numbered('seed-'), 'k.computeType', 'k.userId', 'k.spaceId', 'k.agentId', 'k.agentName', 'k.provider', 'k.model',
      'k.llm * (200 + s.n % 1500)', 'k.llm * (s.n % 400)', 'k.llm * (s.n % 100)', '20 + s.n % 5000', 'NULL', `'bench-seed'`, at,
    ].join(', ');
    const start = mysql ? new Date(startMs) : startMs;
    const insert = `INSERT INTO usage_event (${eventColumns.map(q).join(', ')})`;
    if (mysql) {
      await db.query(`${insert} SELECT ${values} FROM (SELECT seq AS n, CRC32(seq) % ${combos.length} AS c FROM seq_${from}_to_${to}) s JOIN bench_combo k ON k.c = s.c`, [start, organizationId, start]);
    } else {
      // random() in the recursive part runs once per row (a CTE's rows are materialised).
      await db.query(`WITH RECURSIVE s(n, c) AS (SELECT ${from}, abs(random()) % ${combos.length} UNION ALL SELECT n + 1, abs(random()) % ${combos.length} FROM s WHERE n < ${to}) ${insert} SELECT ${values} FROM s JOIN bench_combo k ON k.c = s.c`, [start, organizationId, start]);
    }
  }
  await db.query('DROP TABLE bench_combo');
  const seconds = mysql ? `TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${q('occurredAt')})` : `CAST(strftime('%s', ${q('occurredAt')}) AS INTEGER)`;
  const dimensions = rollupDimensions.map((d) => (d === 'organizationId' ? q(d) : d === 'bucket' ? null : `COALESCE(${q(d)}, '')`));
  const sums = rollupMeasures.map((m) => (m === 'events' ? 'COUNT(*)' : `SUM(${q(m)})`));
  for (const [table, bucketSeconds] of [['usage_hourly', 3600], ['usage_quarter_hourly', 900]] as const) {
    const selected = dimensions.map((d) => d ?? `${seconds} ${mysql ? 'DIV' : '/'} ${bucketSeconds}`);
    await db.query(
      `INSERT INTO ${q(table)} (${[...rollupDimensions, ...rollupMeasures].map(q).join(', ')}) SELECT ${[...selected, ...sums].join(', ')} FROM usage_event WHERE ${q('organizationId')} = ? GROUP BY ${selected.map((_, i) => i + 1).join(', ')}`,
      [organizationId],
    );
  }
  for (const agent of p.agents) await db.query(`INSERT INTO usage_agent (${['organizationId', 'agentId', 'name', 'namedAt'].map(q).join(', ')}) VALUES (?, ?, ?, ?)`, [organizationId, agent.id, agent.name, mysql ? new Date(startMs) : new Date(startMs).toISOString().replace('T', ' ').replace('Z', '')]);
  return (performance.now() - started) / 1000;
}
