import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A person's sign-in identity; organization-specific state lives in Membership. */
@Entity('account')
export class Account {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** As the person typed it. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  /** Lower-cased: uniqueness and look-up are case-insensitive. */
  @Column({ type: 'varchar', length: 320, unique: true })
  emailNormalized: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, default: '' })
  lastName: string;

  /** Lower-cased "name last name": the NAME ordering's key. */
  @Index('idx_account_sort_name')
  @Column({ type: 'varchar', length: 201 })
  sortName: string;

  /** argon2id, PHC string. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  emailConfirmed: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** Last sign-in or token refresh; starts at sign-up. */
  @Index('idx_account_last_activity')
  @Column({ type: 'datetime', precision: 3 })
  lastActivityAt: Date;
}
