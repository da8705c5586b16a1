import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { GatehouseConfig, loadConfig } from '../config/config';
import { SubgraphEnvironment, signingServicesOf, variablePrefix } from '../config/environment';
import { generateServiceKeyPair } from '../config/service-keys';
import { mysqlDatabaseName } from '../db/data-source';

/**
 * The database the tests run against: MariaDB/MySQL when TEST_DATABASE_URL is a mysql:// URL,
 * otherwise SQLite files in a temporary folder.
 */
export function testDatabaseUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}

/**
 * A fresh, isolated configuration for `subgraphs` (a test of the whole system passes the registry):
 * own data folder, own databases (unique prefix), own secrets.
 */
export function testConfig(overrides: Record<string, string> = {}, subgraphs: readonly SubgraphEnvironment[] = []): GatehouseConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const url = testDatabaseUrl();
  return loadConfig({
    NODE_ENV: 'test',
    GATEHOUSE_DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // A key of its own for every service that signs (the gateway, and each subgraph calling others), as production needs.
    ...Object.fromEntries(['identity', ...signingServicesOf(subgraphs)].map((service) => [`${variablePrefix(service)}_SIGNING_KEY`, generateServiceKeyPair().signingKey])),
    DATABASE_PREFIX: `ght_${randomBytes(4).toString('hex')}_`,
    OUTBOX_POLL_MS: '200',
    ...(url ? { DATABASE_URL: url } : {}),
    ...overrides,
  }, subgraphs);
}

/** Removes what testConfig created: the data folder and, on MySQL, the databases. */
export async function dropTestDatabases(config: GatehouseConfig): Promise<void> {
  rmSync(config.dataDir, { recursive: true, force: true });
  const raw = Object.values(config.databaseUrls).find((url) => url && /^(mysql|mariadb):/.test(url));
  if (!raw) return;
  const url = new URL(raw.replace(/^mariadb:/, 'mysql:'));
  const connection = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password) });
  try {
    for (const [name, own] of Object.entries(config.databaseUrls)) {
      if (own) await connection.query(`DROP DATABASE IF EXISTS \`${mysqlDatabaseName(new URL(own.replace(/^mariadb:/, 'mysql:')), name, config.databasePrefix)}\``);
    }
  } finally {
    await connection.end();
  }
}
