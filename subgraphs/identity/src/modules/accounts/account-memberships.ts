import { DataSource } from 'typeorm';
import { Membership, MembershipStatus } from './membership.entity';
import { Organization } from './organization.entity';

/** Every organization an account belongs to, oldest membership first, in one statement (the account-memberships route). */
export async function accountMemberships(dataSource: DataSource, accountId: string): Promise<{ organizationId: string; organizationName: string; status: MembershipStatus }[]> {
  const rows = await dataSource
    .getRepository(Membership)
    .createQueryBuilder('m')
    .innerJoin(Organization, 'o', 'o.id = m.organizationId')
    .where('m.accountId = :accountId', { accountId })
    .select(['m.organizationId AS organizationId', 'o.name AS organizationName', 'm.status AS status'])
    .orderBy('m.createdAt', 'ASC')
    .addOrderBy('m.organizationId', 'ASC')
    .getRawMany<{ organizationId: string; organizationName: string; status: MembershipStatus }>();
  return rows.map((r) => ({ organizationId: r.organizationId, organizationName: r.organizationName, status: r.status }));
}
