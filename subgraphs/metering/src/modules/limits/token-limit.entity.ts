import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../big-integers';

/** Where a daily token limit is set: the organization-wide default, an organizational unit (and below), a group, a member. */
export type TokenLimitLevel = 'ORGANIZATION' | 'UNIT' | 'GROUP' | 'USER';
export const tokenLimitLevels: readonly TokenLimitLevel[] = ['ORGANIZATION', 'UNIT', 'GROUP', 'USER'];

/**
 * One daily token limit setting. `targetId` names the unit, group or member ('' for the
 * organization's); `model` is '' for the limit on all models together, else the one model it
 * limits. 0 tokens means unlimited. No row at a level means that level sets nothing.
 */
@Entity('token_limit')
export class TokenLimit {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  level: TokenLimitLevel;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  targetId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  model: string;

  @Column(bigintColumn())
  dailyTokens: number;

  /** Account id of who set it last (null once that member is deleted). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  setBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  setAt: Date;
}
