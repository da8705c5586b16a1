import { DataSource } from 'typeorm';
import { EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { unlinkDeletedUser } from './unlink-deleted-user';
import { forgetDeletedMemberLimits } from '../limits/forget-deleted-member';

/** What metering follows of other services' news. */
export const meteringConsistencyEvents = ['user.deleted'] as const;

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
}
