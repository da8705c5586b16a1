import { DataSource } from 'typeorm';

/** Delivery bookkeeping, not user data: event payloads name ids by design. */
const infrastructure = new Set(['outbox_event', 'processed_event', 'migrations']);

/** Every row, in every table of the database, whose values contain any of `needles`. */
export async function rowsMentioning(dataSource: DataSource, needles: string[]): Promise<{ table: string; row: unknown }[]> {
  const tables: string[] =
    dataSource.options.type === 'better-sqlite3'
      ? (await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: { name: string }) => r.name)
      : (await dataSource.query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()')).map((r: { name: string }) => r.name);
  const found: { table: string; row: unknown }[] = [];
  for (const table of tables.filter((t) => !infrastructure.has(t))) {
    const quoted = dataSource.options.type === 'better-sqlite3' ? `"${table}"` : `\`${table}\``;
    for (const row of await dataSource.query(`SELECT * FROM ${quoted}`)) {
      const text = JSON.stringify(row).toLowerCase();
      if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push({ table, row });
    }
  }
  return found;
}
