import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** DIRECTORY memberships come from the IdP and are read-only here; MANUAL ones survive every sync. */
export type MembershipOrigin = 'DIRECTORY' | 'MANUAL';

/** A member's place in a unit. */
@Entity('unit_membership')
@Index('uq_unit_membership', ['unitId', 'accountId'], { unique: true })
@Index('idx_unit_membership_account', ['organizationId', 'accountId'])
export class UnitMembership {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  unitId: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 10 })
  managedBy: MembershipOrigin;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
