import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A group (Cloosphere): members, grants and capability switches, and organizational units linked to it. */
@Entity('member_group')
@Index('idx_member_group_organization', ['organizationId', 'name'])
export class MemberGroup {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

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

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A member added to a group by hand (members through a linked unit are not stored here). */
@Entity('group_member')
@Index('idx_group_member_account', ['organizationId', 'accountId'])
export class GroupMember {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  groupId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** An organizational unit linked to a group: everyone in it and its descendants is a member while linked. */
@Entity('group_unit_link')
@Index('idx_group_unit_link_organization', ['organizationId', 'unitId'])
export class GroupUnitLink {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  groupId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  unitId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;
}
