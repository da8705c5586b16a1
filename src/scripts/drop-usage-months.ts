import { openDataSource, subgraphEntities } from '@gatehouse/shared';
import { dropRawMonthsBefore, meteringDefinition } from '@gatehouse/metering';
import { meteringSubgraph } from '@gatehouse/metering/subgraph';
import { loadGatehouseConfig } from '../registry';

const usage = 'usage: npm run usage:drop-months -- --before YYYY-MM   (drops raw usage events of the months before it; the dashboard keeps its totals)';

/**
 * Drops metering's raw usage events of the months before `--before`, with metering's own
 * environment (METERING_DATABASE_URL or DATABASE_URL): whole partitions on MySQL, a DELETE on SQLite.
 */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--before');
  const before = at >= 0 ? process.argv[at + 1] : undefined;
  if (!before) throw new RangeError(usage);
  const config = loadGatehouseConfig(process.env, [meteringSubgraph]);
  const { dataSource } = await openDataSource({
    subgraph: 'metering',
    url: config.databaseUrls.metering,
    dataDir: config.dataDir,
    databasePrefix: config.databasePrefix,
    entities: subgraphEntities(meteringDefinition),
    mysqlMigrations: meteringDefinition.mysqlMigrations,
  });
  try {
    const dropped = await dropRawMonthsBefore(dataSource, before, Date.now());
    console.log(`Dropped raw usage events before ${before}: ${dropped.partitions.length ? `partitions ${dropped.partitions.join(', ')}, ` : ''}${dropped.deletedEvents} events deleted one by one. Rollups (the dashboard, the daily CSV) are unchanged.`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
