import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a unit comes from: created by hand, or by a directory (a sync, or SCIM provisioning). */
export type UnitSource = 'MANUAL' | 'ENTRA_ID' | 'GOOGLE_WORKSPACE' | 'SCIM';

/** A node of the organization's unit tree (Cloosphere's organizational units, Entra ID / Google Workspace OUs). */
@Entity('org_unit')
@Index('uq_org_unit_external', ['organizationId', 'source', 'externalId'], { unique: true })
@Index('idx_org_unit_parent', ['organizationId', 'parentId'])
export class OrgUnit {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Null for a root unit. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  /** The directory's own id for the unit; null for manual units. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 20 })
  source: UnitSource;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
