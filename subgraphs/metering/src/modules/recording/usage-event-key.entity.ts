import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An event id an organization's services used, with a digest of what it carried: the same id with
 * the same content is a duplicate (stored once), with other content a userError. Its primary key
 * makes two concurrent batches carrying one id collide instead of both storing it.
 */
@Entity('usage_event_key')
export class UsageEventKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  eventId: string;

  /** SHA-256 (hex) of the event's content as reported. */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  /**
   * When the event happened. Dropping raw months keeps the keys (a resent dropped event is still a
   * DUPLICATE, never counted twice); this is what would prune them once nobody resends that old.
   */
  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;
}
