import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Organization-wide scope; a space scope is `space:<id>`. */
export const ORGANIZATION_SCOPE = 'organization';

/** The scope of an assignment that holds in one space only. */
export function spaceScope(spaceId: string): string {
  return `space:${spaceId}`;
}

/** A role given to a member in a scope. */
@Entity('role_assignment')
@Index('uq_role_assignment', ['organizationId', 'accountId', 'roleId', 'scope'], { unique: true })
@Index('idx_role_assignment_member', ['organizationId', 'accountId'])
// A role's members, a page at a time, in the order they got it.
@Index('idx_role_assignment_role', ['organizationId', 'roleId', 'createdAt', 'accountId'])
export class RoleAssignment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  roleId: string;

  @Column({ type: 'varchar', length: 80, default: ORGANIZATION_SCOPE })
  scope: string;

  /** Who assigned it; null when the system did (sign-up, default role). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  assignedBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
