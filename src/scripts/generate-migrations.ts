import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { subgraphRegistry } from '../registry';
import { migrationsFolder, pendingMigrationSql } from './migration-plan';

/**
 * Writes a MySQL migration per subgraph whose entities changed since its last migration.
 * Needs a MySQL/MariaDB server: MIGRATIONS_DATABASE_URL (default mysql://root@127.0.0.1:3306).
 * Review every generated file before committing it; never edit a committed one.
 */
async function main(): Promise<void> {
  const server = process.env.MIGRATIONS_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
  const name = process.argv[2] ?? 'Change';
  for (const { name: subgraph } of subgraphRegistry) {
    const plan = await pendingMigrationSql(subgraph, server, `gatehouse_migration_${subgraph.replace(/-/g, '_')}`);
    if (plan.up.length === 0) {
      console.log(`${subgraph}: migrations are current`);
      continue;
    }
    const stamp = Date.now();
    const className = `${name.replace(/[^A-Za-z0-9]/g, '')}${stamp}`;
    const quote = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
    const body = [
      "import { MigrationInterface, QueryRunner } from 'typeorm';",
      '',
      `export class ${className} implements MigrationInterface {`,
      `  name = '${className}';`,
      '',
      '  async up(queryRunner: QueryRunner): Promise<void> {',
      ...plan.up.map(quote),
      '  }',
      '',
      '  async down(queryRunner: QueryRunner): Promise<void> {',
      ...plan.down.map(quote),
      '  }',
      '}',
      '',
    ].join('\n');
    const folder = join(__dirname, '..', '..', migrationsFolder(subgraph));
    const file = `${stamp}-${name.replace(/[^A-Za-z0-9]/g, '-').toLowerCase()}`;
    writeFileSync(join(folder, `${file}.ts`), body);
    const index = join(folder, 'index.ts');
    const source = readFileSync(index, 'utf8');
    const listName = /export const (\w+): Function\[\] = \[/.exec(source)![1];
    const updated = source
      .replace(/(\/\/[^\n]*\n)/, `$1import { ${className} } from './${file}';\n`)
      .replace(new RegExp(`export const ${listName}: Function\\[\\] = \\[([^\\]]*)\\];`), (_m, list: string) => {
        const items = list.split(',').map((s) => s.trim()).filter(Boolean);
        return `export const ${listName}: Function[] = [${[...items, className].join(', ')}];`;
      });
    writeFileSync(index, updated);
    console.log(`${subgraph}: wrote ${migrationsFolder(subgraph)}/${file}.ts`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
