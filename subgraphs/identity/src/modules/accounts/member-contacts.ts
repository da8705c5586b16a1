import { DataSource } from 'typeorm';
import { RouteOutput } from '@gatehouse/shared';
import { memberContactsRoute } from '@gatehouse/identity-contracts';
import { Account } from './account.entity';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';

/**
 * Name, address and membership status of those of `accountIds` that are the organization's members
 * (two statements whatever the number asked): the member-contacts route, for the inquiries' mail.
 */
export async function memberContacts(dataSource: DataSource, organizationId: string, accountIds: readonly string[]): Promise<RouteOutput<typeof memberContactsRoute>> {
  const organization = await dataSource.getRepository(Organization).findOne({ where: { id: organizationId }, select: { id: true, name: true } });
  const ids = [...new Set(accountIds)];
  if (!organization || !ids.length) return { organizationName: organization?.name ?? null, members: [] };
  const rows = await dataSource
    .getRepository(Account)
    .createQueryBuilder('a')
    .innerJoin(Membership, 'm', 'm.accountId = a.id AND m.organizationId = :organizationId', { organizationId })
    .where('a.id IN (:...ids)', { ids })
    .select(['a.id AS id', 'a.name AS name', 'a.lastName AS lastName', 'a.email AS email', 'm.status AS status'])
    .getRawMany<{ id: string; name: string; lastName: string | null; email: string; status: 'ACTIVE' | 'PENDING' }>();
  return { organizationName: organization.name, members: rows.map((r) => ({ id: r.id, name: [r.name, r.lastName].filter(Boolean).join(' '), email: r.email, status: r.status })) };
}
