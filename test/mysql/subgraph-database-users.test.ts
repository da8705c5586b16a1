import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openDataSource, variablePrefix } from '@gatehouse/shared';
import { testDatabaseUrl } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { repositoryRoot } from '../support/compose-file';

const subgraphNames = subgraphRegistry.map((s) => s.name);

/**
 * The database container's init script (deploy/mariadb/initdb) run against the real server, then each
 * subgraph started on its database as the user the script made: what docker-compose.yml does on a
 * first start, short of Docker. Runs in the MariaDB pass of `npm test` (TEST_DATABASE_URL set).
 */
describe('the per-subgraph database users of docker-compose.yml', () => {
  const server = new URL(testDatabaseUrl()!);
  const run = randomBytes(3).toString('hex');
  const prefix = `ghu_${run}_`;
  const accounts = subgraphNames.map((subgraph) => ({
    subgraph,
    user: `ghu${run}_${subgraph.replace(/-/g, '_')}`,
    password: randomBytes(12).toString('hex'),
    database: `${prefix}${subgraph.replace(/-/g, '_')}`,
  }));
  const urlOf = (account: (typeof accounts)[number]) => `mysql://${account.user}:${account.password}@${server.host}/${account.database}`;
  const asRoot = () => createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username || 'root'), password: decodeURIComponent(server.password), multipleStatements: true });

  beforeAll(async () => {
    const env = Object.fromEntries(accounts.flatMap((a) => [[`${variablePrefix(a.subgraph)}_DB_USER`, a.user], [`${variablePrefix(a.subgraph)}_DB_PASSWORD`, a.password]]));
    const sql = execFileSync('bash', [join(repositoryRoot, 'deploy/mariadb/initdb/subgraph-databases.sh'), '--print'], { env: { PATH: process.env.PATH, DATABASE_PREFIX: prefix, ...env }, encoding: 'utf8' });
    const root = await asRoot();
    await root.query(sql);
    await root.end();
  });

  afterAll(async () => {
    const root = await asRoot();
    for (const a of accounts) await root.query(`DROP DATABASE IF EXISTS \`${a.database}\`; DROP USER IF EXISTS '${a.user}'@'%'`);
    await root.end();
  });

  it.each(subgraphNames)('%s migrates its own database as its own user, and starts again on it', async (subgraph) => {
    const account = accounts.find((a) => a.subgraph === subgraph)!;
    const source = await subgraphRegistry.find((s) => s.name === subgraph)!.load();
    for (let start = 0; start < 2; start++) {
      const opened = await openDataSource({ subgraph, url: urlOf(account), dataDir: '', databasePrefix: prefix, entities: source.entities, mysqlMigrations: source.mysqlMigrations });
      const ran = (await opened.dataSource.query('SELECT COUNT(*) AS n FROM migrations')) as { n: number | string }[];
      await opened.dataSource.destroy();
      expect(Number(ran[0].n)).toBe(source.mysqlMigrations.length);
    }
  });

  it("keeps each subgraph's user out of every other database, and from creating one", async () => {
    for (const account of accounts) {
      const connection = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: account.user, password: account.password });
      try {
        const [databases] = await connection.query('SHOW DATABASES');
        expect((databases as { Database: string }[]).map((d) => d.Database).filter((d) => d !== 'information_schema')).toEqual([account.database]);
        for (const other of accounts.filter((a) => a !== account)) {
          await expect(connection.query(`CREATE TABLE \`${other.database}\`.intruder (id INT)`)).rejects.toMatchObject({ code: expect.stringMatching(/ACCESS_DENIED/) });
        }
        await expect(connection.query(`CREATE DATABASE \`${prefix}elsewhere\``)).rejects.toMatchObject({ code: 'ER_DBACCESS_DENIED_ERROR' });
        await expect(connection.query("CREATE USER 'ghu_intruder'@'%'")).rejects.toMatchObject({ code: expect.stringMatching(/ACCESS_DENIED/) });
      } finally {
        await connection.end();
      }
    }
  });
});
