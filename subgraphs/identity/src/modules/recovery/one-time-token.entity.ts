import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type TokenPurpose = 'PASSWORD_RESET' | 'EMAIL_CONFIRMATION';

/** A single-use token sent by e-mail; only its SHA-256 is stored. */
@Entity('one_time_token')
@Index('idx_token_account', ['accountId', 'purpose'])
export class OneTimeToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 30 })
  purpose: TokenPurpose;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  /** The address the token was sent to: a confirmation only counts while it is still the account's. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}
