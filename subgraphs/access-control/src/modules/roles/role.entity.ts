import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A named set of grants in one organization. Built-in roles are seeded per organization from the
 * catalogue (so an organization can tighten them); custom roles have no key.
 */
@Entity('role')
@Index('uq_role_org_key', ['organizationId', 'key'], { unique: true })
export class Role {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** Built-in role key (SUPER_ADMIN, ...); null for custom roles. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  key: string | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** JSON object area → level. */
  @Column({ type: 'text' })
  grants: string;

  /** JSON array of capabilities. */
  @Column({ type: 'text' })
  capabilities: string;

  /** Display order in lists and the permission matrix. */
  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
