import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type MembershipStatus = 'ACTIVE' | 'PENDING';

/** An account's place in an organization: ACTIVE, or PENDING (no access at all until approved). */
@Entity('membership')
@Unique('uq_membership_account_org', ['accountId', 'organizationId'])
@Index('idx_membership_org_joined', ['organizationId', 'createdAt'])
export class Membership {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  /** When the account joined the organization. */
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
