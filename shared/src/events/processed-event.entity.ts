import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The inbox: which events a consumer has already applied, so redelivery changes nothing. */
@Entity('processed_event')
export class ProcessedEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer: string;

  @Column({ type: 'datetime', precision: 3 })
  processedAt: Date;
}
