import { Column, Entity, PrimaryColumn } from 'typeorm';

/** That a member crossed `percent` of their limit on a model scope ('' all models) on a local date: each is told once a day. */
@Entity('token_limit_alert')
export class TokenLimitAlert {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  /** YYYY-MM-DD in the organization's time zone. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  model: string;

  @PrimaryColumn({ type: 'int' })
  percent: number;

  @Column({ type: 'datetime', precision: 3 })
  sentAt: Date;
}
