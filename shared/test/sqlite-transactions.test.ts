import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxEvent, openDataSource, recordEvent } from '../src';

// Embedded mode's SQLite shares one connection: concurrent transactions must not mix.
describe('SQLite transactions under concurrency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a transaction that fails rolls back only its own writes, while others commit theirs', async () => {
    const { dataSource } = await openDataSource({ subgraph: 'tx', url: null, dataDir: dir, databasePrefix: '', entities: [], mysqlMigrations: [] });
    try {
      const failing = dataSource.transaction(async (manager) => {
        await recordEvent(manager, 'test.failing', {});
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('rolled back');
      });
      const succeeding = Array.from({ length: 5 }, (_, i) =>
        dataSource.transaction(async (manager) => {
          await new Promise((resolve) => setTimeout(resolve, 5 * i));
          await recordEvent(manager, 'test.succeeding', { i });
        }),
      );
      // A plain statement from elsewhere while transactions are open.
      const outside = dataSource.getRepository(OutboxEvent).count();
      await expect(failing).rejects.toThrow('rolled back');
      await Promise.all([...succeeding, outside]);
      expect(await dataSource.getRepository(OutboxEvent).countBy({ type: 'test.failing' })).toBe(0);
      expect(await dataSource.getRepository(OutboxEvent).countBy({ type: 'test.succeeding' })).toBe(5);
    } finally {
      await dataSource.destroy();
    }
  });
});
