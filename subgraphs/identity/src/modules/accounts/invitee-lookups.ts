import { DataSource, In, IsNull } from 'typeorm';
import { Account } from './account.entity';
import { Membership } from './membership.entity';
import { Space } from '../spaces/space.entity';

/**
 * What the invitations subgraph asks before it invites: which addresses already belong to members
 * of the organization (any status), and which space names name its live spaces. One statement each.
 */
export class InviteeLookups {
  constructor(private readonly dataSource: DataSource) {}

  /** The lower-cased addresses among `emails` held by members of the organization; other organizations' members do not count. */
  async membersByEmail(organizationId: string, emails: readonly string[]): Promise<string[]> {
    const normalized = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    if (!normalized.length) return [];
    const rows = await this.dataSource
      .createQueryBuilder(Account, 'a')
      .innerJoin(Membership, 'm', 'm.accountId = a.id AND m.organizationId = :organizationId', { organizationId })
      .where('a.emailNormalized IN (:...emails)', { emails: normalized })
      .select('a.emailNormalized', 'email')
      .getRawMany<{ email: string }>();
    return rows.map((r) => r.email);
  }

  /** The organization's live spaces whose names are among `names` (any case). */
  async spacesByName(organizationId: string, names: readonly string[]): Promise<{ id: string; name: string }[]> {
    const normalized = [...new Set(names.map((n) => n.trim().toLowerCase()))];
    if (!normalized.length) return [];
    const spaces = await this.dataSource.getRepository(Space).find({ where: { organizationId, nameNormalized: In(normalized), archivedAt: IsNull() }, select: { id: true, name: true } });
    return spaces.map((s) => ({ id: s.id, name: s.name }));
  }
}
