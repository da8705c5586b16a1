import { DataSource, In } from 'typeorm';
import { ORGANIZATION_SCOPE, RoleAssignment, spaceScope } from '../roles/role-assignment.entity';
import { Member } from '../members/member.entity';
import { SpaceProjection } from './space-projection.entity';

/**
 * Where members may act: every live space with an organization-wide assignment, otherwise the
 * live spaces they hold an assignment in ("roles say what, spaces say where"). PENDING members: none.
 */
export class MemberSpacesService {
  constructor(private readonly dataSource: DataSource) {}

  async spacesOf(organizationId: string, accountIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return result;
    const [members, assignments, spaces] = await Promise.all([
      this.dataSource.getRepository(Member).findBy({ organizationId, accountId: In([...accountIds]) }),
      this.dataSource.getRepository(RoleAssignment).find({ where: { organizationId, accountId: In([...accountIds]) }, select: { accountId: true, scope: true } }),
      this.dataSource.getRepository(SpaceProjection).find({ where: { organizationId, archived: false }, select: { id: true } }),
    ]);
    const active = new Set(members.filter((m) => m.status === 'ACTIVE').map((m) => m.accountId));
    const live = new Set(spaces.map((s) => s.id));
    const scopes = new Map<string, Set<string>>();
    for (const a of assignments) scopes.set(a.accountId, (scopes.get(a.accountId) ?? new Set()).add(a.scope));
    for (const accountId of accountIds) {
      if (!active.has(accountId)) continue;
      const held = scopes.get(accountId) ?? new Set();
      result.set(accountId, held.has(ORGANIZATION_SCOPE) ? [...live] : [...live].filter((id) => held.has(spaceScope(id))));
    }
    return result;
  }

  /** The space, when it exists in the organization (null otherwise), and whether it is archived. */
  async find(organizationId: string, spaceId: string): Promise<SpaceProjection | null> {
    return this.dataSource.getRepository(SpaceProjection).findOneBy({ id: spaceId, organizationId });
  }
}
