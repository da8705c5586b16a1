import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Identity's unit tree as access control needs it: which unit hangs under which. */
@Entity('unit_projection')
@Index('idx_unit_projection_organization', ['organizationId'])
export class UnitProjection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;
}

/** Identity's unit memberships (directory-managed or manual alike: both make a member of linked groups). */
@Entity('unit_member_projection')
@Index('idx_unit_member_projection_account', ['organizationId', 'accountId'])
export class UnitMemberProjection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  unitId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;
}
