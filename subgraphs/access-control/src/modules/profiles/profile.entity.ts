import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A security profile (Serenity*): a named bundle of roles, assigned to users instead of the roles one by one. */
@Entity('profile')
@Index('idx_profile_organization', ['organizationId', 'name'])
export class Profile {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A role inside a profile. */
@Entity('profile_role')
export class ProfileRole {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  profileId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  roleId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;
}

/** A profile held by a member. */
@Entity('profile_assignment')
@Index('idx_profile_assignment_member', ['organizationId', 'accountId'])
export class ProfileAssignment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  profileId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  assignedBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
