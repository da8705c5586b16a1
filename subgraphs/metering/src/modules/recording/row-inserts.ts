import { EntityManager } from 'typeorm';
import { chunksOf } from '@gatehouse/shared';
import { quoteName } from './rollup-sql';

/** Placeholders per statement: under SQLite's 32,766 and MySQL's 65,535. */
const parametersPerStatement = 16_000;

/**
 * Inserts rows (values in `columns` order, dates already as dateParameter gives them) with one
 * multi-row INSERT per few hundred rows. Ingest writes whole batches this way: TypeORM's insert
 * builder spends more time naming parameters than the database spends storing the rows.
 */
export async function insertRows(manager: EntityManager, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const q = (name: string) => quoteName(manager.connection.options.type !== 'better-sqlite3', name);
  const row = `(${columns.map(() => '?').join(', ')})`;
  for (const chunk of chunksOf(rows, Math.floor(parametersPerStatement / columns.length))) {
    // A plain loop: Array.prototype.flat is several times slower on 16,000 values.
    const parameters: unknown[] = [];
    for (const values of chunk) for (const value of values) parameters.push(value);
    await manager.query(`INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`, parameters);
  }
}
