import { DataSource } from 'typeorm';
import { EventBus, SubscriptionPubSub, consumeOnce, onEvent } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { Inquiry } from '../inquiries/inquiry.entity';
import { publishInquiryChange } from '../live/inquiry-changes';
import { forgetDeletedMember } from './forget-deleted-member';

/** The events the handlers below follow (the definition's `consumes`). */
export const inquiryConsistencyEvents = ['user.deleted'] as const;

/** Keeps inquiries consistent with identity's deletions: each event applied once, in the consumer's own transaction; the board hears of removed cards after it. */
export function keepInquiriesConsistent(options: { bus: EventBus; dataSource: DataSource; consumer: string; pubsub: SubscriptionPubSub }): void {
  const { bus, dataSource, consumer, pubsub } = options;
  onEvent(bus, consumer, identityEvents, 'user.deleted', async (event) => {
    let removed: Inquiry[] = [];
    const applied = await consumeOnce(dataSource, consumer, event, async (manager) => {
      removed = await forgetDeletedMember(manager, event.payload.organizationId, event.payload.accountId);
    });
    if (applied) for (const inquiry of removed) publishInquiryChange(pubsub, 'DELETED', inquiry);
  });
}
