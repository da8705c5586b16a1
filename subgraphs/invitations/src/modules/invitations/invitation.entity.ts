import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What is stored; EXPIRED is never stored: a PENDING invitation past `expiresAt` is expired. */
export type StoredInvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED';

/** An invitation of one e-mail address into an organization (optionally one space) with a role. */
@Entity('invitation')
@Index('uq_invitation_token', ['tokenHash'], { unique: true })
// The list's sorts, each ending in id for keyset paging, and the duplicate check (organization + e-mail).
@Index('idx_invitation_sent', ['organizationId', 'sentAt', 'id'])
@Index('idx_invitation_expires', ['organizationId', 'expiresAt', 'id'])
@Index('idx_invitation_email', ['organizationId', 'email', 'id'])
// The per-organization creation limit counts the last hour's invitations.
@Index('idx_invitation_created', ['organizationId', 'createdAt'])
// At most one open invitation per address and organization, even for invites sent at the same instant.
@Index('uq_invitation_open', ['organizationId', 'openEmail'], { unique: true })
// The expiry sweep's look-up: pending invitations past their expiry not yet announced as EXPIRED.
@Index('idx_invitation_expiry_sweep', ['expiryAnnouncedAt', 'status', 'expiresAt'])
export class Invitation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** Trimmed and lower-cased: one invitation per address whatever its case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /**
   * The e-mail while the invitation may still be used (PENDING, not yet found expired by a later
   * invite), else null: the unique index above makes concurrent invites of one address collide.
   */
  @Column({ type: 'varchar', length: 254, nullable: true })
  openEmail: string | null;

  @Column({ type: 'varchar', length: 36 })
  roleId: string;

  /** The space the role is given in; null: the whole organization. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  spaceId: string | null;

  /** Account id of who sent it; null once that member is deleted from the organization (the invitation stays valid). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  invitedBy: string | null;

  /** SHA-256 (hex) of the link's token; the token itself is never stored. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 10 })
  status: StoredInvitationStatus;

  /** When it was sent, or last resent. */
  @Column({ type: 'datetime', precision: 3 })
  sentAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  /** The validity used for `expiresAt` (days), kept with the invite so a later setting does not rewrite it. */
  @Column({ type: 'int' })
  expiryDays: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /**
   * When live subscribers were told this invitation expired (the expiry sweep claims it with a
   * conditional update, so two instances announce it once); null until then, and again after a resend.
   */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiryAnnouncedAt?: Date | null;

  /**
   * The acceptance in progress (its random id) and when it began: set by a conditional update, so
   * of simultaneous accepts one proceeds; one older than the claim's lifetime belongs to an attempt
   * that crashed, and the next accept takes it over (identity's step is idempotent by invitation id).
   */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimId?: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  claimedAt?: Date | null;
}
