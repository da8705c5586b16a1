import { DataSource } from 'typeorm';
import { EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { accessControlEvents } from '@gatehouse/access-control-contracts';
import { TokenLimit } from '../limits/token-limit.entity';
import { In } from 'typeorm';
import { unlinkDeletedUser } from './unlink-deleted-user';
import { forgetDeletedMemberLimits } from '../limits/forget-deleted-member';

/** What metering follows of other services' news. */
export const meteringConsistencyEvents = ['user.deleted', 'group.deleted', 'org_units.changed'] as const;

/** Applies each event at most once (consumeOnce), in the consumer's own transaction. */
export function keepMeteringConsistent(options: { bus: EventBus; dataSource: DataSource; consumer: string }): void {
  const { bus, dataSource, consumer } = options;
  onEvent(bus, consumer, identityEvents, 'user.deleted', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, async (manager) => {
      await unlinkDeletedUser(manager, p.organizationId, p.accountId);
      await forgetDeletedMemberLimits(manager, p.organizationId, p.accountId);
    });
  });
  // A deleted group's or unit's daily token limits go with it (the deletion itself is audited).
  onEvent(bus, consumer, accessControlEvents, 'group.deleted', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, (manager) => manager.delete(TokenLimit, { organizationId: p.organizationId, level: 'GROUP', targetId: p.groupId }).then(() => undefined));
  });
  onEvent(bus, consumer, identityEvents, 'org_units.changed', async (event) => {
    const p = event.payload;
    const removed = p.unitsRemoved ?? [];
    if (removed.length === 0) return;
    await consumeOnce(dataSource, consumer, event, (manager) => manager.delete(TokenLimit, { organizationId: p.organizationId, level: 'UNIT', targetId: In(removed) }).then(() => undefined));
  });
}
