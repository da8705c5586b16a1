import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CursorPosition, containsPattern, dateParameter, decodeCursor, encodeCursor } from '@gatehouse/shared';
import { Account } from '../accounts/account.entity';
import { Membership, MembershipStatus } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';
import { UserRecord } from './user.types';

export type UserSort = 'NAME' | 'JOINED' | 'LAST_ACTIVITY';

export interface UserFilterOptions {
  /** Substring (so also prefix) of name, last name or e-mail, any case. */
  search?: string | null;
  status?: MembershipStatus | null;
  emailConfirmed?: boolean | null;
  /** Substring of the job title, any case. */
  jobTitle?: string | null;
  /** Digits that appear in the phone number, whatever its formatting. */
  phone?: string | null;
}

export interface ListUsersOptions extends UserFilterOptions {
  organizationId: string;
  first: number;
  after?: string | null;
  sort: UserSort;
  descending: boolean;
}

export interface UserPage {
  edges: { cursor: string; node: UserRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counts every match; run only when the client asks for totalCount (it reads the whole filter). */
  countAll: () => Promise<number>;
}

// All on membership, so an organization's page is a walk along one of its indexes.
const sortColumn: Record<UserSort, string> = {
  NAME: 'm.searchText',
  JOINED: 'm.createdAt',
  LAST_ACTIVITY: 'm.lastActivityAt',
};

/** SQLite keeps datetimes as UTC text (TypeORM's format); MySQL hands back Date objects. */
function toDate(raw: unknown): Date {
  if (raw instanceof Date) return raw;
  return new Date(`${String(raw).replace(' ', 'T')}Z`);
}


/** Users of one organization: the account joined with its membership. */
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  // The organization is never joined: planners then drive the query from it and walk the whole
  // organization's index. Its two flags come from one look-up by primary key instead.
  private baseQuery(organizationId: string, joinAccount = true): SelectQueryBuilder<Membership> {
    const query = this.dataSource.getRepository(Membership).createQueryBuilder('m');
    if (joinAccount) query.innerJoin(Account, 'a', 'a.id = m.accountId');
    return query.where('m.organizationId = :organizationId', { organizationId });
  }

  private membershipsById(ids: string[]): SelectQueryBuilder<Membership> {
    return this.dataSource.getRepository(Membership).createQueryBuilder('m').innerJoin(Account, 'a', 'a.id = m.accountId').where('m.id IN (:...ids)', { ids });
  }

  private async organizationFlags(organizationId: string): Promise<{ firstAccountId: string | null; designatedSuperAdminId: string | null }> {
    const organization = await this.dataSource.getRepository(Organization).findOne({ where: { id: organizationId }, select: { firstAccountId: true, designatedSuperAdminId: true } });
    return { firstAccountId: organization?.firstAccountId ?? null, designatedSuperAdminId: organization?.designatedSuperAdminId ?? null };
  }

  /** Applies the filter; joins the account only when a filter reads it (counting stays on one index). */
  private filtered(options: ListUsersOptions, forPage: boolean): SelectQueryBuilder<Membership> {
    const readsAccount = options.emailConfirmed != null || Boolean(options.jobTitle?.trim()) || Boolean(options.phone?.trim());
    const query = this.baseQuery(options.organizationId, forPage || readsAccount);
    if (options.search?.trim()) {
      // searchText is stored lower-cased, so a byte comparison is enough; on MySQL/MariaDB it spares
      // the collation-aware LIKE, several times slower over a 100,000-member organization.
      const binary = this.dataSource.options.type !== 'better-sqlite3';
      query.andWhere(binary ? "CAST(m.searchText AS BINARY) LIKE CAST(:search AS BINARY) ESCAPE '!'" : "m.searchText LIKE :search ESCAPE '!'", { search: containsPattern(options.search) });
    }
    if (options.status) query.andWhere('m.status = :status', { status: options.status });
    if (options.emailConfirmed != null) query.andWhere('a.emailConfirmed = :confirmed', { confirmed: options.emailConfirmed });
    if (options.jobTitle?.trim()) query.andWhere("LOWER(a.jobTitle) LIKE :jobTitle ESCAPE '!'", { jobTitle: containsPattern(options.jobTitle) });
    // No digits in the filter matches no phone (rather than every one).
    if (options.phone?.trim()) query.andWhere("a.phoneDigits LIKE :phone ESCAPE '!'", { phone: `%${options.phone.replace(/\D/g, '') || '-'}%` });
    return query;
  }

  private selectRecord(query: SelectQueryBuilder<Membership>): SelectQueryBuilder<Membership> {
    return query
      .select('a.id', 'id')
      .addSelect('m.id', 'membershipId')
      .addSelect('a.email', 'email')
      .addSelect('a.name', 'name')
      .addSelect('a.lastName', 'lastName')
      .addSelect('m.searchText', 'searchText')
      .addSelect('a.emailConfirmed', 'emailConfirmed')
      .addSelect('a.jobTitle', 'jobTitle')
      .addSelect('a.phone', 'phone')
      .addSelect('a.language', 'language')
      .addSelect('a.profileImageUrl', 'profileImageUrl')
      .addSelect('a.externalId', 'externalId')
      .addSelect('m.lastActivityAt', 'lastActivityAt')
      .addSelect('m.organizationId', 'organizationId')
      .addSelect('m.status', 'membershipStatus')
      .addSelect('m.createdAt', 'joinedAt');
  }

  private toRecord(row: Record<string, unknown>, organization: { firstAccountId: string | null; designatedSuperAdminId: string | null }): UserRecord {
    return {
      id: String(row.id),
      email: String(row.email),
      name: String(row.name),
      lastName: String(row.lastName),
      emailConfirmed: Boolean(Number(row.emailConfirmed)),
      jobTitle: (row.jobTitle as string | null) ?? null,
      phone: (row.phone as string | null) ?? null,
      language: (row.language as string | null) ?? null,
      profileImageUrl: (row.profileImageUrl as string | null) ?? null,
      externalId: (row.externalId as string | null) ?? null,
      lastActivityAt: toDate(row.lastActivityAt),
      organizationId: String(row.organizationId),
      membershipStatus: row.membershipStatus as MembershipStatus,
      joinedAt: toDate(row.joinedAt),
      isFirstUser: organization.firstAccountId === row.id,
      isDesignatedSuperAdmin: organization.designatedSuperAdminId === row.id,
    };
  }

  private cursorOf(record: UserRecord, row: Record<string, unknown>, sort: UserSort): string {
    const value = sort === 'NAME' ? String(row.searchText) : sort === 'JOINED' ? record.joinedAt.getTime() : record.lastActivityAt.getTime();
    return encodeCursor({ value, id: record.id });
  }

  /** One page of users in keyset order: three statements whatever the page size (four with totalCount). */
  async list(options: ListUsersOptions): Promise<UserPage> {
    const column = sortColumn[options.sort];
    const direction = options.descending ? 'DESC' : 'ASC';
    // Deferred join: find the page's membership ids on the index alone (the filter and order are
    // on membership), then read the full rows of just those. A rare search term would otherwise
    // cost one row read per member of the organization.
    const idsQuery = this.filtered(options, false).select('m.id', 'id');
    if (options.after) {
      const position: CursorPosition = decodeCursor(options.after);
      const value = options.sort === 'NAME' ? String(position.value) : dateParameter(this.dataSource, Number(position.value));
      const op = options.descending ? '<' : '>';
      // The first half is a range the (organizationId, column, accountId) index can seek to; the second
      // settles ties. (The plain `a > x OR (a = x AND b > y)` form makes databases scan from the start.)
      idsQuery.andWhere(`${column} ${op}= :cursorValue AND (${column} ${op} :cursorValue OR m.accountId ${op} :cursorId)`, {
        cursorValue: value,
        cursorId: position.id,
      });
    }
    const ids = (await idsQuery.orderBy(column, direction).addOrderBy('m.accountId', direction).limit(options.first + 1).getRawMany<{ id: string }>()).map((r) => r.id);
    // By primary key, ordered here: asked to sort, a planner may walk the organization's index instead.
    const byId = new Map(
      (ids.length ? await this.selectRecord(this.membershipsById(ids)).getRawMany<Record<string, unknown>>() : []).map((row) => [row.membershipId, row]),
    );
    const rows = ids.map((id) => byId.get(id)).filter((row): row is Record<string, unknown> => row !== undefined);
    const organization = rows.length ? await this.organizationFlags(options.organizationId) : { firstAccountId: null, designatedSuperAdminId: null };
    const edges = rows.slice(0, options.first).map((row) => {
      const node = this.toRecord(row, organization);
      return { cursor: this.cursorOf(node, row, options.sort), node };
    });
    return {
      edges,
      countAll: () => this.filtered(options, false).getCount(),
      pageInfo: {
        hasNextPage: rows.length > options.first,
        hasPreviousPage: Boolean(options.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  /** Every organization the account belongs to, oldest membership first. */
  async membershipsOf(accountId: string): Promise<Membership[]> {
    return this.dataSource.getRepository(Membership).find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Members by position in join order, for SCIM's index-based paging (`startIndex`, `count`),
   * optionally narrowed to one e-mail or external id (SCIM's `userName eq` / `externalId eq`).
   */
  async byPosition(organizationId: string, where: { emailNormalized?: string; externalId?: string }, offset: number, limit: number): Promise<{ records: UserRecord[]; total: number }> {
    const narrowed = () => {
      const query = this.baseQuery(organizationId);
      if (where.emailNormalized !== undefined) query.andWhere('a.emailNormalized = :email', { email: where.emailNormalized });
      if (where.externalId !== undefined) query.andWhere('a.externalId = :externalId', { externalId: where.externalId });
      return query;
    };
    const [rows, total] = await Promise.all([
      this.selectRecord(narrowed()).orderBy('m.createdAt', 'ASC').addOrderBy('m.accountId', 'ASC').offset(offset).limit(limit).getRawMany<Record<string, unknown>>(),
      narrowed().getCount(),
    ]);
    const organization = await this.organizationFlags(organizationId);
    return { records: rows.map((row) => this.toRecord(row, organization)), total };
  }

  /** The given accounts that are members of the organization, in one statement (DataLoader batch). */
  async byIds(organizationId: string, ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.selectRecord(this.baseQuery(organizationId))
      .andWhere('m.accountId IN (:...ids)', { ids: [...ids] })
      .getRawMany<Record<string, unknown>>();
    const organization = await this.organizationFlags(organizationId);
    return rows.map((row) => this.toRecord(row, organization));
  }
}
