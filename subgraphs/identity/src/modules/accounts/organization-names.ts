import { DataSource, In } from 'typeorm';
import { Space } from '../spaces/space.entity';
import { Account } from './account.entity';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';

export interface OrganizationNames {
  organizationName: string | null;
  accounts: { id: string; name: string }[];
  spaces: { id: string; name: string }[];
}

/**
 * What mail about an organization calls it, some of its members and some of its spaces: three
 * statements whatever the number asked (the organization-names route, for invitation e-mails).
 * Only the organization's own members and spaces are named: another's ids are left out.
 */
export async function organizationNames(dataSource: DataSource, organizationId: string, accountIds: readonly string[], spaceIds: readonly string[]): Promise<OrganizationNames> {
  const organization = await dataSource.getRepository(Organization).findOne({ where: { id: organizationId }, select: { id: true, name: true } });
  if (!organization) return { organizationName: null, accounts: [], spaces: [] };
  const uniqueAccounts = [...new Set(accountIds)];
  const uniqueSpaces = [...new Set(spaceIds)];
  const accounts = uniqueAccounts.length
    ? await dataSource
        .getRepository(Account)
        .createQueryBuilder('a')
        .innerJoin(Membership, 'm', 'm.accountId = a.id AND m.organizationId = :organizationId', { organizationId })
        .where('a.id IN (:...ids)', { ids: uniqueAccounts })
        .select(['a.id', 'a.name', 'a.lastName'])
        .getMany()
    : [];
  const spaces = uniqueSpaces.length ? await dataSource.getRepository(Space).find({ where: { organizationId, id: In(uniqueSpaces) }, select: { id: true, name: true } }) : [];
  return {
    organizationName: organization.name,
    accounts: accounts.map((a) => ({ id: a.id, name: [a.name, a.lastName].filter(Boolean).join(' ') })),
    spaces: spaces.map((s) => ({ id: s.id, name: s.name })),
  };
}
