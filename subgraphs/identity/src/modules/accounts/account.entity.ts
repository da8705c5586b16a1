import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  @Column({ type: 'varchar', length: 150, nullable: true })
  jobTitle: string | null;

  /** As entered; `phoneDigits` holds its digits for search. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phoneDigits: string | null;

  /** BCP 47 language tag (en, pt-BR, ...). */
  @Column({ type: 'varchar', length: 35, nullable: true })
  language: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  profileImageUrl: string | null;

  /** The account's id at the external identity provider (OAuth/SSO subject); unique where set. */
  @Column({ type: 'varchar', length: 255, nullable: true, unique: true })
  externalId: string | null;

  /** argon2id, PHC string. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  emailConfirmed: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
