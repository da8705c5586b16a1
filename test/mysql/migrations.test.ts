import { randomBytes } from 'node:crypto';
import { testDatabaseUrl } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { pendingMigrationSql } from '../../src/scripts/migration-plan';

// Runs in the MariaDB pass of `npm test` (TEST_DATABASE_URL set); jest.config.js leaves test/mysql out otherwise.
describe('MySQL migrations', () => {
  it.each(subgraphRegistry.map((s) => s.name))('the committed migrations of %s build exactly the schema its entities describe', async (subgraph) => {
    const plan = await pendingMigrationSql(subgraph, testDatabaseUrl()!, `ght_migrations_${randomBytes(4).toString('hex')}`);
    expect(plan.up).toEqual([]);
  });
});
