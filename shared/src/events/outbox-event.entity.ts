import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event written in the same transaction as the change that caused it; the relay publishes it
 * afterwards, so a crash between commit and publish loses nothing.
 */
@Entity('outbox_event')
@Index('idx_outbox_unpublished', ['publishedAt', 'sequence'])
export class OutboxEvent {
  /** Publication order. */
  @PrimaryGeneratedColumn('increment')
  sequence: number;

  /** Globally unique: consumers use it to ignore a redelivery. */
  @Column({ type: 'varchar', length: 36, unique: true })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}
