import { DataSource, EntityManager } from 'typeorm';
import { findLocked } from '@gatehouse/shared';
import { InquiryBoardLock } from './inquiry-board-lock.entity';

/**
 * Runs `work` in a transaction holding the organization's board lock, so moves, closes and new
 * cards read their neighbours and write their rank one after another (no two cards land on one
 * rank, none is lost). The lock row is made first, outside (insert-or-ignore: concurrent callers agree).
 */
export async function underBoardLock<T>(dataSource: DataSource, organizationId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  await dataSource.createQueryBuilder().insert().into(InquiryBoardLock).values({ organizationId }).orIgnore().execute();
  return dataSource.transaction(async (manager) => {
    // The lock is the transaction's first read: what follows sees every move committed before it.
    await findLocked(manager, InquiryBoardLock, { organizationId });
    return work(manager);
  });
}
