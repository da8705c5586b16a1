import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../big-integers';

/**
 * One usage event as a platform service reported it: append-only (only a user's deletion touches
 * it, unlinking the person). On MySQL the table is partitioned by month of `occurredAt` (so old
 * months can be dropped), which is why `occurredAt` is part of the key and the idempotency key
 * lives in `usage_event_key`.
 */
@Entity('usage_event')
// The raw export and the from-raw comparison read an organization's events by time.
@Index('idx_usage_event_time', ['organizationId', 'occurredAt', 'id'])
// A user's deletion unlinks their events.
@Index('idx_usage_event_user', ['organizationId', 'userId'])
export class UsageEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @PrimaryColumn({ type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The reporting service's own id of the event (its idempotency key). */
  @Column({ type: 'varchar', length: 128 })
  eventId: string;

  @Column({ type: 'varchar', length: 32 })
  computeType: string;

  /** The member it ran for; null when none was named, or once that member was deleted. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  spaceId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  agentId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  agentName: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  provider: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  model: string | null;

  @Column(bigintColumn())
  inputTokens: number;

  @Column(bigintColumn())
  outputTokens: number;

  @Column(bigintColumn())
  cachedTokens: number;

  @Column(bigintColumn())
  costMicroUsd: number;

  /** The price-book version it was priced with; null when the service sent its cost. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  priceId: string | null;

  /** The API key that reported it. */
  @Column({ type: 'varchar', length: 36 })
  reportedBy: string;

  @Column({ type: 'datetime', precision: 3 })
  recordedAt: Date;
}
