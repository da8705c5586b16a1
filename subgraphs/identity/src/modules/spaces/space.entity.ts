import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A space (SmythOS) or subtenant (Serenity*): where, inside an organization, roles apply. */
@Entity('space')
@Index('uq_space_name', ['organizationId', 'nameNormalized'], { unique: true })
@Index('idx_space_organization', ['organizationId', 'archivedAt', 'nameNormalized'])
export class Space {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Lower-cased, trimmed name: names are unique per organization regardless of case. */
  @Column({ type: 'varchar', length: 100 })
  nameNormalized: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** Set while archived: hidden from members' space lists; nothing can be newly assigned in it. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  archivedAt: Date | null;
}
