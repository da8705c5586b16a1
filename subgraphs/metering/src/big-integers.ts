import { ColumnOptions } from 'typeorm';

/**
 * A BIGINT column read as a JS number. Amounts (micro-USD, tokens) stay below 2^53 (the inputs are
 * GraphQL SafeInts and sums of them fit for any real organization); MySQL's driver hands BIGINT
 * back as a string, SQLite as a number, so both are turned into numbers here.
 */
export function bigintColumn(options: ColumnOptions = {}): ColumnOptions {
  return { type: 'bigint', default: 0, transformer: { to: (value: number) => value, from: (value: string | number | null) => toNumber(value) }, ...options };
}

/** A driver's integer (string on MySQL for BIGINT and SUM, number on SQLite) as a number. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}
