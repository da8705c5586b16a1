import { EntityManager } from 'typeorm';
import { ModelPrice } from '../prices/model-price.entity';
import { addMeasuresOnConflict, quoteName, rollupDimensions, rollupMeasures as measures } from '../recording/rollup-sql';
import { UsageEvent } from '../recording/usage-event.entity';

const rollupTables = ['usage_hourly', 'usage_quarter_hourly'] as const;
const otherDimensions = rollupDimensions.filter((d) => d !== 'userId');

/**
 * A member was deleted: the organization keeps what their usage cost, but it no longer names them
 * (as the audit log does). Their events lose the user; in the rollups their rows are added into the
 * rows of usage for nobody in particular ('') and removed, so every total stays the same.
 */
export async function unlinkDeletedUser(manager: EntityManager, organizationId: string, accountId: string): Promise<void> {
  await manager.update(UsageEvent, { organizationId, userId: accountId }, { userId: null });
  await manager.update(ModelPrice, { organizationId, setBy: accountId }, { setBy: null });
  const mysql = manager.connection.options.type !== 'better-sqlite3';
  const q = (name: string) => quoteName(mysql, name);
  const columns = [...otherDimensions, 'userId', ...measures].map(q).join(', ');
  const selected = [...otherDimensions.map(q), "''", ...measures.map((m) => `SUM(${q(m)})`)].join(', ');
  const conflict = addMeasuresOnConflict(mysql);
  for (const table of rollupTables) {
    await manager.query(
      `INSERT INTO ${q(table)} (${columns}) SELECT ${selected} FROM ${q(table)} WHERE ${q('organizationId')} = ? AND ${q('userId')} = ? GROUP BY ${otherDimensions.map(q).join(', ')} ${conflict}`,
      [organizationId, accountId],
    );
    await manager.query(`DELETE FROM ${q(table)} WHERE ${q('organizationId')} = ? AND ${q('userId')} = ?`, [organizationId, accountId]);
  }
}
