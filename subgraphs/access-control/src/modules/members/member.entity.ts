import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Access control's copy of identity's memberships, kept from identity's events: enough to scope
 * entity look-ups and to give PENDING members nothing, without reading identity's tables.
 */
@Entity('member')
export class Member {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'ACTIVE' | 'PENDING';

  /** The organization's first user, whose roles can never be changed. */
  @Column({ type: 'boolean', default: false })
  isFirstUser: boolean;
}
