import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The link between an account and the pseudonym its audit entries carry, per organization.
 * Entries never hold account ids; deleting a user deletes this link, so the chain stays intact
 * (nothing in it changes) while nothing in it leads back to the person any more.
 */
@Entity('audit_subject')
@Index('uq_audit_subject_account', ['organizationId', 'accountId'], { unique: true })
export class AuditSubject {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  pseudonym: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;
}
