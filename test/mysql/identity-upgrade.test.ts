import { randomBytes } from 'node:crypto';
import { identityMigrations } from '@gatehouse/identity/migrations';
import { openDataSource } from '@gatehouse/shared';
import { testDatabaseUrl } from '@gatehouse/shared/testing';

// An install created before the user-profile migration keeps its users' order, search and activity.
describe('identity upgrade from before the profile migration', () => {
  it('backfills each membership from its account', async () => {
    const database = `ght_upgrade_${randomBytes(4).toString('hex')}`;
    const profileIndex = identityMigrations.findIndex((m) => m.name.startsWith('UserProfile'));
    const before = await openDataSource({
      subgraph: 'identity',
      url: `${testDatabaseUrl()!.replace(/\/$/, '')}/${database}`,
      dataDir: '',
      databasePrefix: '',
      entities: [],
      mysqlMigrations: identityMigrations.slice(0, profileIndex),
    });
    const now = '2026-01-02 03:04:05.678';
    await before.dataSource.query(
      "INSERT INTO account (id, email, emailNormalized, name, lastName, sortName, passwordHash, emailConfirmed, createdAt, lastActivityAt) VALUES ('a1', 'Ada@Example.com', 'ada@example.com', 'Ada', 'Lovelace', 'ada lovelace', 'x', 0, ?, ?)",
      [now, now],
    );
    await before.dataSource.query("INSERT INTO membership (id, accountId, organizationId, status, createdAt) VALUES ('m1', 'a1', 'o1', 'ACTIVE', ?)", [now]);
    await before.dataSource.destroy();

    const after = await openDataSource({
      subgraph: 'identity',
      url: `${testDatabaseUrl()!.replace(/\/$/, '')}/${database}`,
      dataDir: '',
      databasePrefix: '',
      entities: [],
      mysqlMigrations: identityMigrations,
    });
    try {
      const [row] = await after.dataSource.query('SELECT searchText, lastActivityAt FROM membership');
      expect(row.searchText).toBe('ada lovelace ada@example.com');
      expect(new Date(row.lastActivityAt).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    } finally {
      await after.dataSource.query(`DROP DATABASE \`${database}\``);
      await after.dataSource.destroy();
    }
  });
});
