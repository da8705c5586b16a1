import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A message to send, written in the same transaction as what it announces (a reset token, say);
 * the mail sender delivers it and retries on failure, so an accepted request is never lost. Each
 * subgraph that sends mail (`sendsMail` in its definition) has this table in its own database.
 */
@Entity('mail_message')
@Index('idx_mail_pending', ['sentAt', 'nextAttemptAt'])
export class MailMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}
