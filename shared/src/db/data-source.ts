import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, EntityManager, EntitySchema, EntityTarget, FindOptionsWhere, Logger, MixedList, ObjectLiteral } from 'typeorm';
import { OutboxEvent } from '../events/outbox-event.entity';
import { ProcessedEvent } from '../events/processed-event.entity';
import { serializeSqlite } from './sqlite-serializer';

/** Counts the SQL statements a data source runs: tests and benchmarks assert on it. */
export class QueryCounter implements Logger {
  count = 0;
  logQuery(): void {
    this.count += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface DataSourceOptions {
  /** The subgraph's name: the SQLite file name and the MySQL database's suffix. */
  subgraph: string;
  /** `mysql://user:pass@host:port[/database]`, or null for the embedded SQLite file. */
  url: string | null;
  dataDir: string;
  /** Prefix of the MySQL database name when the URL names none (`gatehouse_identity`). */
  databasePrefix: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  mysqlMigrations: MixedList<Function | string>;
}

export interface OpenedDataSource {
  dataSource: DataSource;
  queries: QueryCounter;
  kind: 'sqlite' | 'mysql';
}

/** The MySQL database a subgraph uses: the URL's own, else prefix + subgraph. */
export function mysqlDatabaseName(url: URL, subgraph: string, prefix: string): string {
  const named = url.pathname.replace(/^\//, '');
  return named || `${prefix}${subgraph.replace(/-/g, '_')}`;
}

/**
 * Opens the subgraph's database. SQLite (embedded mode) keeps its schema in step with the
 * entities; MySQL/MariaDB runs the committed migrations, after creating the database if missing.
 */
export async function openDataSource(options: DataSourceOptions): Promise<OpenedDataSource> {
  const queries = new QueryCounter();
  const entities = [...(options.entities as unknown[]), OutboxEvent, ProcessedEvent] as DataSourceOptions['entities'];
  if (!options.url || options.url.startsWith('sqlite:')) {
    const file = options.url ? options.url.replace(/^sqlite:(\/\/)?/, '') : join(options.dataDir, `${options.subgraph}.sqlite`);
    if (file !== ':memory:') mkdirSync(join(file, '..'), { recursive: true });
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities,
      synchronize: true,
      logger: queries,
      logging: ['query'],
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    });
    await dataSource.initialize();
    serializeSqlite(dataSource);
    return { dataSource, queries, kind: 'sqlite' };
  }
  const url = new URL(options.url.replace(/^mariadb:/, 'mysql:'));
  const database = mysqlDatabaseName(url, options.subgraph, options.databasePrefix);
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  let mariadb = false;
  try {
    const [rows] = await admin.query('SELECT VERSION() AS version');
    // TypeORM reads column defaults differently on MariaDB: the right driver keeps migrations exact.
    mariadb = /mariadb/i.test(String((rows as { version: string }[])[0]?.version));
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    // Several instances of a service may start at once: one runs the migrations, the others wait for it.
    await admin.query('SELECT GET_LOCK(?, 300)', [`gatehouse:migrations:${database}`]);
    const dataSource = await initializeMysql(options, url, database, mariadb, entities, queries);
    await admin.query('SELECT RELEASE_LOCK(?)', [`gatehouse:migrations:${database}`]);
    return { dataSource, queries, kind: 'mysql' };
  } finally {
    await admin.end();
  }
}

async function initializeMysql(options: DataSourceOptions, url: URL, database: string, mariadb: boolean, entities: DataSourceOptions['entities'], queries: QueryCounter): Promise<DataSource> {
  const dataSource = new DataSource({
    type: mariadb ? 'mariadb' : 'mysql',
    host: url.hostname,
    port: Number(url.port || 3306),
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    entities,
    migrations: options.mysqlMigrations,
    migrationsRun: true,
    migrationsTableName: 'migrations',
    logger: queries,
    logging: ['query'],
    extra: { connectionLimit: 10 },
  });
  await dataSource.initialize();
  return dataSource;
}

/**
 * A LIKE pattern matching `text` anywhere, lower-cased, with LIKE's wildcards escaped by `!`:
 * use it as `column LIKE :pattern ESCAPE '!'` (the same on SQLite and MySQL).
 */
export function containsPattern(text: string): string {
  return `%${text.trim().toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** True when MySQL chose this transaction as a deadlock's victim (it rolled back; running it again is safe). */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e?.driverError?.code ?? e?.code) === 'ER_LOCK_DEADLOCK';
}

/** True when a driver error is a unique-key violation, on SQLite and MySQL alike. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * A date as a query-builder parameter comparable with a stored datetime column: MySQL takes the
 * Date; SQLite stores TypeORM's UTC text form, and better-sqlite3 cannot bind a Date at all.
 */
export function dateParameter(dataSource: DataSource, epochMs: number): Date | string {
  const date = new Date(epochMs);
  return dataSource.options.type === 'better-sqlite3' ? date.toISOString().replace('T', ' ').replace('Z', '') : date;
}

/**
 * Reads a row and locks it until the transaction ends, so transactions that check-then-write under
 * the same row run one after another: `SELECT … FOR UPDATE` on MySQL; SQLite's transactions
 * already run one at a time (see sqlite-serializer).
 */
export function findLocked<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<T | null> {
  const locking = manager.connection.options.type !== 'better-sqlite3';
  return manager.findOne(entity, { where, ...(locking ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}
