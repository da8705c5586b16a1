import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token. Refreshing rotates it: the old row is revoked and a new one joins the same
 * family; presenting a revoked token again revokes the whole family (token theft).
 */
@Entity('session')
@Index('idx_session_family', ['familyId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The sign-in this token descends from; access tokens carry it as `sid`. */
  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** SHA-256 of the refresh token: the token itself is never stored. */
  @Column({ type: 'varchar', length: 64, unique: true })
  refreshTokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
