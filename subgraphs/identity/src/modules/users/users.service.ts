import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CursorPosition, decodeCursor, encodeCursor } from '@gatehouse/shared';
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
  totalCount: number;
}

// All on membership, so an organization's page is a walk along one of its indexes.
const sortColumn: Record<UserSort, string> = {
  NAME: 'm.sortName',
  JOINED: 'm.createdAt',
  LAST_ACTIVITY: 'm.lastActivityAt',
};

/** SQLite keeps datetimes as UTC text (TypeORM's format); MySQL hands back Date objects. */
function toDate(raw: unknown): Date {
  if (raw instanceof Date) return raw;
  return new Date(`${String(raw).replace(' ', 'T')}Z`);
}

/** A keyset parameter comparable with the stored column on either database. */
function dateParameter(dataSource: DataSource, epochMs: number): Date | string {
  const date = new Date(epochMs);
  return dataSource.options.type === 'mysql' ? date : date.toISOString().replace('T', ' ').replace('Z', '');
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

/** Users of one organization: the account joined with its membership. */
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  private baseQuery(organizationId: string): SelectQueryBuilder<Membership> {
    return this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(Account, 'a', 'a.id = m.accountId')
      .innerJoin(Organization, 'o', 'o.id = m.organizationId')
      .where('m.organizationId = :organizationId', { organizationId });
  }

  private selectRecord(query: SelectQueryBuilder<Membership>): SelectQueryBuilder<Membership> {
    return query
      .select('a.id', 'id')
      .addSelect('a.email', 'email')
      .addSelect('a.name', 'name')
      .addSelect('a.lastName', 'lastName')
      .addSelect('m.sortName', 'sortName')
      .addSelect('a.emailConfirmed', 'emailConfirmed')
      .addSelect('a.jobTitle', 'jobTitle')
      .addSelect('a.phone', 'phone')
      .addSelect('a.language', 'language')
      .addSelect('a.profileImageUrl', 'profileImageUrl')
      .addSelect('a.externalId', 'externalId')
      .addSelect('m.lastActivityAt', 'lastActivityAt')
      .addSelect('m.organizationId', 'organizationId')
      .addSelect('m.status', 'membershipStatus')
      .addSelect('m.createdAt', 'joinedAt')
      .addSelect('o.firstAccountId', 'firstAccountId')
      .addSelect('o.designatedSuperAdminId', 'designatedSuperAdminId');
  }

  private toRecord(row: Record<string, unknown>): UserRecord {
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
      isFirstUser: row.firstAccountId === row.id,
      isDesignatedSuperAdmin: row.designatedSuperAdminId === row.id,
    };
  }

  private cursorOf(record: UserRecord, row: Record<string, unknown>, sort: UserSort): string {
    const value = sort === 'NAME' ? String(row.sortName) : sort === 'JOINED' ? record.joinedAt.getTime() : record.lastActivityAt.getTime();
    return encodeCursor({ value, id: record.id });
  }

  /** One page of users in keyset order; two statements whatever the page size. */
  async list(options: ListUsersOptions): Promise<UserPage> {
    const filtered = this.baseQuery(options.organizationId);
    const contains = (text: string) => `%${escapeLike(text.trim().toLowerCase())}%`;
    if (options.search?.trim()) filtered.andWhere("m.searchText LIKE :search ESCAPE '!'", { search: contains(options.search) });
    if (options.status) filtered.andWhere('m.status = :status', { status: options.status });
    if (options.emailConfirmed != null) filtered.andWhere('a.emailConfirmed = :confirmed', { confirmed: options.emailConfirmed });
    if (options.jobTitle?.trim()) filtered.andWhere("LOWER(a.jobTitle) LIKE :jobTitle ESCAPE '!'", { jobTitle: contains(options.jobTitle) });
    const digits = (options.phone ?? '').replace(/\D/g, '');
    if (options.phone != null && options.phone.trim()) filtered.andWhere("a.phoneDigits LIKE :phone ESCAPE '!'", { phone: `%${digits || '-'}%` });
    const totalCount = await filtered.clone().getCount();

    const column = sortColumn[options.sort];
    const direction = options.descending ? 'DESC' : 'ASC';
    const page = this.selectRecord(filtered.clone());
    if (options.after) {
      const position: CursorPosition = decodeCursor(options.after);
      const value = options.sort === 'NAME' ? String(position.value) : dateParameter(this.dataSource, Number(position.value));
      const op = options.descending ? '<' : '>';
      page.andWhere(`(${column} ${op} :cursorValue OR (${column} = :cursorValue AND a.id ${op} :cursorId))`, {
        cursorValue: value,
        cursorId: position.id,
      });
    }
    const rows = await page
      .orderBy(column, direction)
      .addOrderBy('a.id', direction)
      .limit(options.first + 1)
      .getRawMany<Record<string, unknown>>();
    const edges = rows.slice(0, options.first).map((row) => {
      const node = this.toRecord(row);
      return { cursor: this.cursorOf(node, row, options.sort), node };
    });
    return {
      edges,
      totalCount,
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

  /** The given accounts that are members of the organization, in one statement (DataLoader batch). */
  async byIds(organizationId: string, ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.selectRecord(this.baseQuery(organizationId))
      .andWhere('a.id IN (:...ids)', { ids: [...ids] })
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => this.toRecord(row));
  }
}
