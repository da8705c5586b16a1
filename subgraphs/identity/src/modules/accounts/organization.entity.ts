import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant. */
@Entity('organization')
export class Organization {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The account that created the organization; its role can never be changed. */
  @Column({ type: 'varchar', length: 36 })
  firstAccountId: string;

  /** The designated Super Admin: the contact shown to PENDING members. Exactly one per organization. */
  @Column({ type: 'varchar', length: 36 })
  designatedSuperAdminId: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
