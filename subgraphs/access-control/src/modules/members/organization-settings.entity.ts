import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Access-control settings of an organization. */
@Entity('organization_settings')
export class OrganizationSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The role every new member receives. */
  @Column({ type: 'varchar', length: 36 })
  defaultRoleId: string;
}
