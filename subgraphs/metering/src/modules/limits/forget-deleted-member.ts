import { EntityManager } from 'typeorm';
import { TokenBudgetLock, TokenHold } from './token-hold.entity';
import { TokenLimit } from './token-limit.entity';

/**
 * A member was deleted: their own limit settings go (with them, not audited apart: the deletion is),
 * settings they made no longer name them, and their holds no longer name them (they count for nobody).
 */
export async function forgetDeletedMemberLimits(manager: EntityManager, organizationId: string, accountId: string): Promise<void> {
  await manager.delete(TokenLimit, { organizationId, level: 'USER', targetId: accountId });
  await manager.update(TokenLimit, { organizationId, setBy: accountId }, { setBy: null });
  await manager.update(TokenHold, { organizationId, userId: accountId }, { userId: null });
  await manager.delete(TokenBudgetLock, { organizationId, userId: accountId });
}
