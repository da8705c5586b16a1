import { DataSource, IsNull, LessThan } from 'typeorm';
import { dateParameter } from '@gatehouse/shared';
import { localDateAt } from '../dashboard/local-days';
import { TokenHold } from './token-hold.entity';
import { TokenLimitAlert } from './token-limit-alert.entity';

/** How long a settled or expired hold is kept: a retry with its request id answers it for that long. */
export const finishedHoldRetentionMs = 7 * 86_400_000;

/**
 * Removes holds settled or expired more than a week ago, and alert records of days more than a week
 * past: one row per reservation would otherwise pile up for ever. Open holds are never touched.
 */
export async function pruneFinishedHolds(dataSource: DataSource, nowMs: number): Promise<{ holds: number; alerts: number }> {
  const before = dateParameter(dataSource, nowMs - finishedHoldRetentionMs) as Date;
  const settled = await dataSource.getRepository(TokenHold).delete({ settledAt: LessThan(before) });
  const expired = await dataSource.getRepository(TokenHold).delete({ settledAt: IsNull(), expiresAt: LessThan(before) });
  // Dates are local to each organization: a day more than a week before the UTC date is past everywhere.
  const alerts = await dataSource.getRepository(TokenLimitAlert).delete({ date: LessThan(localDateAt(nowMs - finishedHoldRetentionMs - 86_400_000, 'UTC')) });
  return { holds: (settled.affected ?? 0) + (expired.affected ?? 0), alerts: alerts.affected ?? 0 };
}
