import { SubgraphName, openDataSource, subgraphEntities } from '@gatehouse/shared';
import { subgraphRegistry } from '../registry';

/** Where a subgraph's committed migrations live, from the repository root (the layout every subgraph follows). */
export function migrationsFolder(subgraph: SubgraphName): string {
  return `subgraphs/${subgraph}/src/migrations`;
}

/**
 * The SQL that would bring a MySQL database that has run every committed migration in line with
 * the entities. Empty means the migrations are current.
 */
export async function pendingMigrationSql(subgraph: SubgraphName, serverUrl: string, database: string): Promise<{ up: string[]; down: string[] }> {
  const descriptor = subgraphRegistry.find((s) => s.name === subgraph);
  if (!descriptor) throw new Error(`no subgraph ${subgraph} in the registry`);
  const source = await descriptor.load();
  const opened = await openDataSource({
    subgraph,
    url: `${serverUrl.replace(/\/[^/]*$/, '').replace(/\/$/, '')}/${database}`,
    dataDir: '',
    databasePrefix: '',
    entities: subgraphEntities(source),
    mysqlMigrations: source.mysqlMigrations,
  });
  try {
    const log = await opened.dataSource.driver.createSchemaBuilder().log();
    return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
  } finally {
    await opened.dataSource.query(`DROP DATABASE \`${database}\``);
    await opened.dataSource.destroy();
  }
}
