import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Access-control settings of an organization. */
@Entity('organization_settings')
export class OrganizationSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The role every new member receives. */
  @Column({ type: 'varchar', length: 36 })
  defaultRoleId: string;

  /** JSON PermissionSet for members in no group (Cloosphere's default permissions); null for none. */
  @Column({ type: 'text', nullable: true })
  defaultPermissions: string | null;

  /** The permission catalogue version the built-in roles were last brought up to. */
  @Column({ type: 'int', default: 1 })
  catalogueVersion: number;

  /** Identity's designated Super Admin: their Super Admin role cannot be revoked while they hold the badge. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  designatedSuperAdminId: string | null;
}
