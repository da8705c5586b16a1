import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One line of an organization's audit log. Entries form a hash chain per organization: each holds
 * the hash of the one before it, so changing or removing a row breaks every later link. The code
 * has no path that updates or deletes an entry.
 */
@Entity('audit_entry')
@Index('uq_audit_entry_position', ['organizationId', 'position'], { unique: true })
@Index('idx_audit_entry_actor', ['organizationId', 'actorId', 'position'])
@Index('idx_audit_entry_target', ['organizationId', 'targetId', 'position'])
@Index('idx_audit_entry_occurred', ['organizationId', 'occurredAt'])
export class AuditEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** 1, 2, 3… within the organization: the chain's order. */
  @Column({ type: 'int' })
  position: number;

  /** The event that produced the entry (one event may produce several, e.g. a CSV import). */
  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 20 })
  actorType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  targetType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  /** The subgraph where the change happened. */
  @Column({ type: 'varchar', length: 40 })
  source: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  recordedAt: Date;

  /** JSON object: what changed (role names, field names), never secrets or personal data. */
  @Column({ type: 'text' })
  details: string;

  @Column({ type: 'varchar', length: 64 })
  previousHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
