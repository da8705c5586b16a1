import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a key is for: the platform's GraphQL API, or a directory's SCIM provisioning. */
export type ApiKeyPurpose = 'PLATFORM' | 'SCIM';

/**
 * A machine credential of one organization. Only the SHA-256 of the secret is stored (the secret
 * is 256 random bits, so a fast hash is enough and keeps each request's check cheap); the secret
 * is shown once, when the key is created.
 */
@Entity('api_key')
@Index('idx_api_key_organization', ['organizationId', 'purpose', 'createdAt'])
export class ApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 10 })
  purpose: ApiKeyPurpose;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The key's first characters, shown in lists so people can tell keys apart. */
  @Column({ type: 'varchar', length: 20 })
  prefix: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  secretHash: string;

  /** JSON PermissionSet: the areas, levels and capabilities the key holds (empty for SCIM tokens). */
  @Column({ type: 'text' })
  grants: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;
}
