import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CursorPosition, decodeCursor, encodeCursor } from '@gatehouse/shared';
import { Account } from '../accounts/account.entity';
import { Membership, MembershipStatus } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';
import { UserRecord } from './user.types';

export type UserSort = 'NAME' | 'JOINED' | 'LAST_ACTIVITY';

export interface ListUsersOptions {
  organizationId: string;
  first: number;
  after?: string | null;
  search?: string | null;
  status?: MembershipStatus | null;
  sort: UserSort;
  descending: boolean;
}

export interface UserPage {
  edges: { cursor: string; node: UserRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const sortColumn: Record<UserSort, string> = {
  NAME: 'a.sortName',
  JOINED: 'm.createdAt',
  LAST_ACTIVITY: 'a.lastActivityAt',
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
      .addSelect('a.sortName', 'sortName')
      .addSelect('a.emailConfirmed', 'emailConfirmed')
      .addSelect('a.lastActivityAt', 'lastActivityAt')
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
    if (options.search?.trim()) {
      const pattern = `%${escapeLike(options.search.trim().toLowerCase())}%`;
      filtered.andWhere("(a.emailNormalized LIKE :pattern ESCAPE '!' OR a.sortName LIKE :pattern ESCAPE '!')", { pattern });
    }
    if (options.status) filtered.andWhere('m.status = :status', { status: options.status });
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
