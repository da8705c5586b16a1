import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type MembershipStatus = 'ACTIVE' | 'PENDING';

/** An account's place in an organization: ACTIVE, or PENDING (no access at all until approved). */
@Entity('membership')
@Unique('uq_membership_account_org', ['accountId', 'organizationId'])
// Keyset pagination of an organization's users walks these indexes in order (100,000 members stay fast).
@Index('idx_membership_org_joined', ['organizationId', 'createdAt', 'accountId'])
@Index('idx_membership_org_activity', ['organizationId', 'lastActivityAt', 'accountId'])
// Serves both the NAME order (searchText starts with the name) and substring search, which then
// filters inside the index and reads rows only for the page it returns.
@Index('idx_membership_org_search', ['organizationId', 'searchText', 'accountId'])
export class Membership {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  /**
   * Copy of the account's lower-cased "name last name e-mail": what the user search matches and,
   * starting with the name, the NAME ordering's key (name, then e-mail).
   */
  @Column({ type: 'varchar', length: 640 })
  searchText: string;

  /** Last sign-in or session refresh into this organization; starts when the account joins. */
  @Column({ type: 'datetime', precision: 3 })
  lastActivityAt: Date;

  /** When the account joined the organization. */
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
