import { accessControlEntities } from '@gatehouse/access-control';
import { accessControlMigrations } from '@gatehouse/access-control/migrations';
import { identityEntities } from '@gatehouse/identity';
import { identityMigrations } from '@gatehouse/identity/migrations';
import { SubgraphName, openDataSource } from '@gatehouse/shared';

export const migrationSources: Record<SubgraphName, { entities: Function[]; migrations: Function[]; folder: string }> = {
  identity: { entities: identityEntities, migrations: identityMigrations, folder: 'subgraphs/identity/src/migrations' },
  'access-control': { entities: accessControlEntities, migrations: accessControlMigrations, folder: 'subgraphs/access-control/src/migrations' },
};

/**
 * The SQL that would bring a MySQL database that has run every committed migration in line with
 * the entities. Empty means the migrations are current.
 */
export async function pendingMigrationSql(subgraph: SubgraphName, serverUrl: string, database: string): Promise<{ up: string[]; down: string[] }> {
  const source = migrationSources[subgraph];
  const opened = await openDataSource({
    subgraph,
    url: `${serverUrl.replace(/\/[^/]*$/, '').replace(/\/$/, '')}/${database}`,
    dataDir: '',
    databasePrefix: '',
    entities: source.entities,
    mysqlMigrations: source.migrations,
  });
  try {
    const log = await opened.dataSource.driver.createSchemaBuilder().log();
    return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
  } finally {
    await opened.dataSource.query(`DROP DATABASE \`${database}\``);
    await opened.dataSource.destroy();
  }
}
