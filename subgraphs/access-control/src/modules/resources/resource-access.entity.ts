import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who may use one resource of the platform (e.g. an agent): everyone in the organization, or an access list. */
@Entity('resource_access')
export class ResourceAccess {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  resourceType: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  resourceId: string;

  /** PUBLIC: every member (within their area level); PRIVATE: only the entries. */
  @Column({ type: 'varchar', length: 10 })
  visibility: 'PUBLIC' | 'PRIVATE';

  @Column({ type: 'varchar', length: 36, nullable: true })
  updatedBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** One allowed principal of a private resource, at READ or WRITE. */
@Entity('resource_access_entry')
export class ResourceAccessEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  resourceType: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  resourceId: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  principalType: 'USER' | 'GROUP' | 'UNIT';

  @PrimaryColumn({ type: 'varchar', length: 36 })
  principalId: string;

  @Column({ type: 'varchar', length: 10 })
  level: 'READ' | 'WRITE';
}
