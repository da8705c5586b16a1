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
 * Returns the seconds it took: the events alone, and with their rollups.
 */
export async function seedEvents(s: MeteringStack, organizationId: string, p: Population, count: number, startMs: number, days: number): Promise<{ events: number; total: number }> {
  const started = performance.now();
  const { mysql } = s;
  // On MariaDB one connection, given room to group millions of rows in memory (the default spills to disk at 16 MB).
  const runner = s.dataSource.createQueryRunner();
  const db = mysql ? runner : s.dataSource;
  if (mysql) await db.query('SET SESSION tmp_table_size = 1073741824, max_heap_table_size = 1073741824');
  const q = (name: string) => quoteName(mysql, name);
  const combos = combinations(p);
  await db.query('DROP TABLE IF EXISTS bench_combo');
  await db.query(`CREATE TABLE bench_combo (c INTEGER PRIMARY KEY, computeType VARCHAR(32), spaceId VARCHAR(36), userId VARCHAR(36), agentId VARCHAR(128), agentName VARCHAR(200), provider VARCHAR(64), model VARCHAR(128), llm INTEGER)`);
  await db.query(`INSERT INTO bench_combo VALUES ${combos.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, combos.flatMap((c, i) => [i, c.computeType, c.spaceId, c.userId, c.agentId, c.agentName, c.provider, c.model, c.model ? 1 : 0]));
  // SQLite's default page cache (2 MB) makes the index updates of a bulk insert go to disk page by page; restored below.
  if (!mysql) await db.query('PRAGMA cache_size = -262144');
  const stepMs = Math.floor((days * day) / count);
  const tag = organizationId.slice(0, 8);
  for (let from = 0; from < count; from += chunk) {
    const to = Math.min(count, from + chunk) - 1;
    // n: the event's number; c: its combination.
    const at = mysql ? `DATE_ADD(?, INTERVAL (s.n * ${stepMs}) * 1000 MICROSECOND)` : `strftime('%Y-%m-%d %H:%M:%f', (? + s.n * ${stepMs}) / 1000.0, 'unixepoch')`;
    // Zero-padded: ids in key order as they are inserted (the primary key index grows at its end).
    const numbered = (prefix: string) => (mysql ? `CONCAT('${prefix}', LPAD(s.n, 9, '0'))` : `printf('${prefix}%09d', s.n)`);
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
  const eventsSeconds = (performance.now() - started) / 1000;
  const seconds = mysql ? `TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${q('occurredAt')})` : `CAST(strftime('%s', ${q('occurredAt')}) AS INTEGER)`;
  const dimensions = rollupDimensions.map((d) => (d === 'organizationId' ? q(d) : d === 'bucket' ? null : `COALESCE(${q(d)}, '')`));
  const sums = rollupMeasures.map((m) => (m === 'events' ? 'COUNT(*)' : `SUM(${q(m)})`));
  const columns = [...rollupDimensions, ...rollupMeasures].map(q).join(', ');
  const groups = rollupDimensions.map((_, i) => i + 1).join(', ');
  const divide = mysql ? 'DIV' : '/';
  // Quarters from the events; hours from the quarters (four quarters make an hour: the same sums, from far fewer rows).
  await db.query(
    `INSERT INTO usage_quarter_hourly (${columns}) SELECT ${[...dimensions.map((d) => d ?? `${seconds} ${divide} 900`), ...sums].join(', ')} FROM usage_event WHERE ${q('organizationId')} = ? GROUP BY ${groups}`,
    [organizationId],
  );
  await db.query(
    `INSERT INTO usage_hourly (${columns}) SELECT ${[...rollupDimensions.map((d) => (d === 'bucket' ? `${q(d)} ${divide} 4` : q(d))), ...rollupMeasures.map((m) => `SUM(${q(m)})`)].join(', ')} FROM usage_quarter_hourly WHERE ${q('organizationId')} = ? GROUP BY ${groups}`,
    [organizationId],
  );
  for (const agent of p.agents) await db.query(`INSERT INTO usage_agent (${['organizationId', 'agentId', 'name', 'namedAt'].map(q).join(', ')}) VALUES (?, ?, ?, ?)`, [organizationId, agent.id, agent.name, mysql ? new Date(startMs) : new Date(startMs).toISOString().replace('T', ' ').replace('Z', '')]);
  if (!mysql) await db.query('PRAGMA cache_size = -2000');
  await runner.release();
  return { events: eventsSeconds, total: (performance.now() - started) / 1000 };
}
