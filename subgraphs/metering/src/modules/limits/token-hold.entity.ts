import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../big-integers';

/**
 * Tokens held for a call in flight (`reserveTokens`): they count against the member's day until the
 * call is settled (`settleUsage` records the real usage and releases them) or the hold expires.
 * `requestId` is the platform's id of the call: asking again with it answers the same hold.
 */
@Entity('token_hold')
@Index('idx_token_hold_request', ['organizationId', 'requestId'], { unique: true })
@Index('idx_token_hold_open', ['organizationId', 'userId', 'expiresAt'])
export class TokenHold {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 128 })
  requestId: string;

  /** The member whose limit it counts against (null once that member is deleted). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  /** '' when the call names no model. */
  @Column({ type: 'varchar', length: 128 })
  model: string;

  @Column(bigintColumn())
  tokens: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  /** When settleUsage released it (null while open). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  settledAt: Date | null;

  /** The usage event settleUsage recorded for it. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  settledEventId: string | null;
}

/** One row per member: reservations for a member take its lock, so two never both take the last tokens. */
@Entity('token_budget_lock')
export class TokenBudgetLock {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;
}
