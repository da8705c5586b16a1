import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Identity's spaces as access control needs them: which exist in an organization, and which are archived. */
@Entity('space_projection')
@Index('idx_space_projection_organization', ['organizationId', 'archived'])
export class SpaceProjection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'boolean', default: false })
  archived: boolean;
}
