/** A rollup row's key: its bucket and every dimension a filter or breakdown names. */
export const rollupDimensions = ['organizationId', 'bucket', 'computeType', 'spaceId', 'agentId', 'userId', 'provider', 'model'] as const;
/** What a rollup row sums. */
export const rollupMeasures = ['costMicroUsd', 'inputTokens', 'outputTokens', 'cachedTokens', 'events'] as const;

/** A column or table name quoted for the database (backticks on MySQL, double quotes on SQLite). */
export function quoteName(mysql: boolean, name: string): string {
  return mysql ? `\`${name}\`` : `"${name}"`;
}

/**
 * The end of an INSERT into a rollup: a row whose key exists already has its measures added to
 * that row's (MySQL's ON DUPLICATE KEY UPDATE; SQLite's ON CONFLICT on the key columns).
 */
export function addMeasuresOnConflict(mysql: boolean): string {
  const q = (name: string) => quoteName(mysql, name);
  const update = rollupMeasures.map((m) => `${q(m)} = ${q(m)} + ${mysql ? `VALUES(${q(m)})` : `excluded.${q(m)}`}`).join(', ');
  return mysql ? `ON DUPLICATE KEY UPDATE ${update}` : `ON CONFLICT (${rollupDimensions.map(q).join(', ')}) DO UPDATE SET ${update}`;
}
