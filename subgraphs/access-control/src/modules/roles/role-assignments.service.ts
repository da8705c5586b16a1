import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { BuiltInRoleKey, CursorPosition, MemberViewer, RuleViolation, dateParameter, encodeCursor, isUniqueViolation, ok, permissionsCover, refused } from '@gatehouse/shared';
import { AccessControlResult, AccessControlViolation } from '../../errors/access-control-error-code';
import { Member } from '../members/member.entity';
import { memberRows } from '../members/member-rows';
import { GroupMember } from '../groups/group.entity';
import { ProfileAssignment } from '../profiles/profile.entity';
import { UnitMemberProjection } from '../units/unit-projection.entity';
import { ResourceAccess, ResourceAccessEntry } from '../resources/resource-access.entity';
import { OrganizationSettings } from '../members/organization-settings.entity';
import { recordAccessControlEvent } from '../../events';
import { ORGANIZATION_SCOPE, RoleAssignment, spaceScope } from './role-assignment.entity';
import { SpaceProjection } from '../spaces/space-projection.entity';
import { Role } from './role.entity';
import { RoleRecord, toRoleRecord } from './role-record';
import { RolesService } from './roles.service';
import { PermissionChangeGuard, guarded } from '../permissions/permission-change-guard';
import { ChangeCause } from '../../change-cause';

/**
 * Tells the gateways that what a member may do changed because access control's own view of them
 * changed (a new member's roles, a status): with services on separate instances, identity's event
 * can reach a gateway before access control has applied it. Null: every member of the organization.
 */
async function recordPermissionsChanged(manager: EntityManager, organizationId: string, accountId: string | null): Promise<void> {
  await recordAccessControlEvent(manager, 'member.permissions_changed', { organizationId, accountId });
}

export interface RoleChangeInput {
  userId: string;
  roleId: string;
  /** Only in this space; across the organization when absent. */
  spaceId?: string | null;
}

/**
 * Who holds which role: assigning and revoking under the seeds' rules, the holders of a role, and
 * the assignments a membership starts with (first user, chosen or default role) and ends with.
 */
export class RoleAssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
    private readonly guard: PermissionChangeGuard,
    private readonly roles: RolesService,
  ) {}

  /**
   * Roles held at organization scope by each of the accounts, in the roles' order: two statements
   * for any number. The assignments come from a covering index alone, then each distinct role is
   * read once and turned into a record once: a page of 100 members mostly shares a handful of
   * roles, whose columns a join would repeat (and SQLite sort) once per member.
   */
  async rolesOfMembers(organizationId: string, accountIds: readonly string[]): Promise<Map<string, RoleRecord[]>> {
    const result = new Map<string, RoleRecord[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return result;
    const assignments = await this.dataSource
      .getRepository(RoleAssignment)
      .createQueryBuilder('ra')
      .select('ra.accountId', 'accountId')
      .addSelect('ra.roleId', 'roleId')
      .where('ra.organizationId = :organizationId', { organizationId })
      .andWhere('ra.scope = :scope', { scope: ORGANIZATION_SCOPE })
      .andWhere('ra.accountId IN (:...ids)', { ids: [...accountIds] })
      .getRawMany<{ accountId: string; roleId: string }>();
    if (assignments.length === 0) return result;
    const holders = new Map<string, string[]>();
    for (const { accountId, roleId } of assignments) {
      const accounts = holders.get(roleId);
      if (accounts) accounts.push(accountId);
      else holders.set(roleId, [accountId]);
    }
    const roles = await this.dataSource
      .getRepository(Role)
      .createQueryBuilder('r')
      .select(['r.id', 'r.organizationId', 'r.key', 'r.name', 'r.description', 'r.grants', 'r.capabilities'].map((column) => `${column} AS "${column.replace('.', '_')}"`).join(', '))
      .where('r.organizationId = :organizationId', { organizationId })
      .andWhere('r.id IN (:...ids)', { ids: [...holders.keys()] })
      .orderBy('r.position', 'ASC')
      .getRawMany<Record<string, string | null>>();
    for (const row of roles) {
      const role = Object.assign(new Role(), { id: String(row.r_id), organizationId: String(row.r_organizationId), key: row.r_key, name: String(row.r_name), description: String(row.r_description ?? ''), grants: String(row.r_grants), capabilities: String(row.r_capabilities) });
      const record = toRoleRecord(role);
      for (const accountId of holders.get(role.id) ?? []) result.get(accountId)?.push(record);
    }
    return result;
  }

  /** Accounts holding the role at organization scope, oldest assignment first, keyset-paged. */
  async membersOfRole(organizationId: string, roleId: string, first: number, after: CursorPosition | null): Promise<{ accountIds: string[]; cursors: string[]; hasNextPage: boolean }> {
    const query = this.dataSource
      .getRepository(RoleAssignment)
      .createQueryBuilder('ra')
      .select(['ra.accountId', 'ra.createdAt'])
      .where('ra.organizationId = :organizationId AND ra.roleId = :roleId AND ra.scope = :scope', { organizationId, roleId, scope: ORGANIZATION_SCOPE });
    if (after) {
      const at = dateParameter(this.dataSource, Number(after.value));
      query.andWhere('ra.createdAt >= :at AND (ra.createdAt > :at OR ra.accountId > :id)', { at, id: after.id });
    }
    const rows = await query.orderBy('ra.createdAt', 'ASC').addOrderBy('ra.accountId', 'ASC').take(first + 1).getMany();
    const page = rows.slice(0, first);
    return {
      accountIds: page.map((r) => r.accountId),
      cursors: page.map((r) => encodeCursor({ value: r.createdAt.getTime(), id: r.accountId })),
      hasNextPage: rows.length > first,
    };
  }

  async countMembersOfRole(organizationId: string, roleId: string): Promise<number> {
    return this.dataSource.getRepository(RoleAssignment).countBy({ organizationId, roleId, scope: ORGANIZATION_SCOPE });
  }

  /** Members of the organization among the accounts (PENDING included): one statement, read as raw columns (see memberRows). */
  async membersAmong(organizationId: string, accountIds: readonly string[]): Promise<Map<string, Member>> {
    if (accountIds.length === 0) return new Map();
    const rows = await memberRows(this.dataSource.manager, Member, organizationId, [...accountIds], ['accountId', 'status', 'isFirstUser']);
    return new Map(rows.map((row) => [row.accountId, Object.assign(new Member(), { organizationId, accountId: row.accountId, status: row.status as Member['status'], isFirstUser: Boolean(Number(row.isFirstUser)) })]));
  }

  /** Gives a member a role at organization scope, under the seeds' rules. */
  async assign(actor: MemberViewer, input: RoleChangeInput, cause?: ChangeCause): Promise<AccessControlResult> {
    return this.change(actor, input, 'ASSIGNED', cause);
  }

  /** Takes a role away from a member at organization scope, under the same rules. */
  async revoke(actor: MemberViewer, input: RoleChangeInput): Promise<AccessControlResult> {
    return this.change(actor, input, 'REVOKED');
  }

  private async change(actor: MemberViewer, input: RoleChangeInput, change: 'ASSIGNED' | 'REVOKED', cause?: ChangeCause): Promise<AccessControlResult> {
    const organizationId = actor.organizationId;
    if (input.userId === actor.accountId) return refused(new RuleViolation('SELF_ROLE_CHANGE', 'You cannot change your own role.', ['input', 'userId']));
    const outcome = await guarded(() => this.dataSource.transaction(async (manager): Promise<AccessControlViolation | 'changed' | 'unchanged'> => {
      const member = await manager.findOneBy(Member, { organizationId, accountId: input.userId });
      if (!member) return new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']);
      if (member.isFirstUser) return new RuleViolation('FIRST_USER_ROLE_LOCKED', 'The first user\'s role cannot be changed.', ['input', 'userId']);
      const role = await manager.findOneBy(Role, { id: input.roleId, organizationId });
      if (!role) return new RuleViolation('ROLE_NOT_FOUND', 'No such role in this organization.', ['input', 'roleId']);
      const scope = input.spaceId ? spaceScope(input.spaceId) : ORGANIZATION_SCOPE;
      if (input.spaceId) {
        // Only spaces of the actor's own organization: the projection is keyed by both.
        const space = await manager.findOneBy(SpaceProjection, { id: input.spaceId, organizationId });
        if (!space) return new RuleViolation('SPACE_NOT_FOUND', 'No such space in this organization.', ['input', 'spaceId']);
        if (space.archived && change === 'ASSIGNED') return new RuleViolation('SPACE_ARCHIVED', 'The space is archived: restore it before assigning roles in it.', ['input', 'spaceId']);
      }
      if (change === 'REVOKED' && role.key === BuiltInRoleKey.SUPER_ADMIN && scope === ORGANIZATION_SCOPE) {
        const settings = await manager.findOneBy(OrganizationSettings, { organizationId });
        if (settings?.designatedSuperAdminId === input.userId) {
          return new RuleViolation('DESIGNATED_SUPER_ADMIN_ROLE_LOCKED', 'The designated Super Admin must keep the Super Admin role: designate someone else first.', ['input', 'userId']);
        }
      }
      const record = toRoleRecord(role);
      // Nobody hands out (or takes away) more power than they hold themselves.
      const exceeds: AccessControlViolation = new RuleViolation('ROLE_EXCEEDS_OWN_PERMISSIONS', 'This role grants more than you hold, so you cannot assign or revoke it.', ['input', 'roleId']);
      if (!permissionsCover(actor.permissions, record.permissions)) return exceeds;
      const before = await this.roleNames(manager, organizationId, input.userId, scope);
      const where = { organizationId, accountId: input.userId, roleId: role.id, scope };
      const applied = await this.guard.around(manager, actor, { targets: [input.userId], exceeds }, async () => {
        if (change === 'ASSIGNED') {
          if (await manager.existsBy(RoleAssignment, where)) return 'unchanged' as const;
          await manager.insert(RoleAssignment, { id: randomUUID(), ...where, assignedBy: actor.accountId, createdAt: new Date() });
        } else {
          const removed = await manager.delete(RoleAssignment, where);
          if (!removed.affected) return new RuleViolation('ROLE_NOT_ASSIGNED', 'The user does not hold this role.', ['input', 'roleId']);
        }
        return 'changed' as const;
      });
      if (applied !== 'changed') return applied;
      const after = await this.roleNames(manager, organizationId, input.userId, scope);
      await recordAccessControlEvent(manager, 'role_assignment.changed', {
        organizationId,
        actorId: actor.accountId,
        targetId: input.userId,
        roleId: role.id,
        roleName: role.name,
        change,
        scope: input.spaceId ? 'SPACE' : 'ORGANIZATION',
        spaceId: input.spaceId ?? null,
        rolesBefore: before,
        rolesAfter: after,
        ...cause,
      });
      return 'changed' as const;
    })).catch((error) => {
      // A concurrent identical assignment won the race: the outcome is the same.
      if (change === 'ASSIGNED' && isUniqueViolation(error)) return 'unchanged' as const;
      throw error;
    });
    if (outcome instanceof RuleViolation) return refused(outcome);
    if (outcome === 'changed') await this.afterCommit();
    return ok();
  }

  /** Names of the roles the member holds in one scope (the "from what, to what" of ROLE_CHANGE). */
  private async roleNames(manager: EntityManager, organizationId: string, accountId: string, scope: string): Promise<string[]> {
    const rows = await manager
      .getRepository(RoleAssignment)
      .createQueryBuilder('ra')
      .innerJoin(Role, 'r', 'r.id = ra.roleId')
      .select('r.name', 'name')
      .where('ra.organizationId = :organizationId AND ra.accountId = :accountId AND ra.scope = :scope', { organizationId, accountId, scope })
      .orderBy('r.name', 'ASC')
      .getRawMany<{ name: string }>();
    return rows.map((r) => r.name);
  }

  /** A user deleted from an organization: nothing of them stays here (assignments, projection). */
  async purgeMember(manager: EntityManager, organizationId: string, accountId: string): Promise<void> {
    await manager.delete(RoleAssignment, { organizationId, accountId });
    await manager.update(RoleAssignment, { organizationId, assignedBy: accountId }, { assignedBy: null });
    await manager.delete(ProfileAssignment, { organizationId, accountId });
    await manager.update(ProfileAssignment, { organizationId, assignedBy: accountId }, { assignedBy: null });
    await manager.delete(GroupMember, { organizationId, accountId });
    await manager.delete(UnitMemberProjection, { organizationId, accountId });
    await manager.delete(ResourceAccessEntry, { organizationId, principalType: 'USER', principalId: accountId });
    await manager.update(ResourceAccess, { organizationId, updatedBy: accountId }, { updatedBy: null });
    await manager.delete(Member, { organizationId, accountId });
  }

  async setDesignatedSuperAdmin(manager: EntityManager, organizationId: string, accountId: string): Promise<void> {
    await manager.update(OrganizationSettings, { organizationId }, { designatedSuperAdminId: accountId });
  }

  /** Which of the accounts hold the built-in role `key` in the organization (identity's SA rules ask). */
  async holdersOf(organizationId: string, key: string, accountIds: readonly string[]): Promise<string[]> {
    const roles = await this.rolesOfMembers(organizationId, accountIds);
    return accountIds.filter((id) => roles.get(id)?.some((role) => role.key === key));
  }

  /** Identity activated or deactivated a member: PENDING members get no permissions at all. */
  async setMemberStatus(manager: EntityManager, organizationId: string, accountId: string, status: 'ACTIVE' | 'PENDING'): Promise<void> {
    await manager.update(Member, { organizationId, accountId }, { status });
    await recordPermissionsChanged(manager, organizationId, accountId);
  }

  /**
   * A new member: recorded, and given Super Admin (first user), the role an admin chose when
   * creating them or an invitation named (identity or invitations checked it may be granted), or
   * the organization's default role. With a space (an accepted space invitation), the chosen role
   * holds in that space only and the member gets the default role across the organization, as
   * every member without a chosen role does.
   */
  async addMember(
    manager: EntityManager,
    member: { organizationId: string; accountId: string; status: 'ACTIVE' | 'PENDING'; isFirstUser: boolean; roleId?: string | null; spaceId?: string | null; assignedBy?: string | null },
  ): Promise<void> {
    const { organizationId, accountId } = member;
    if (member.isFirstUser) await this.roles.seedOrganization(manager, organizationId, accountId);
    await manager.insert(Member, { organizationId, accountId, status: member.status, isFirstUser: member.isFirstUser });
    const chosen = member.roleId ? await manager.findOneBy(Role, { id: member.roleId, organizationId }) : null;
    const inSpace = chosen && member.spaceId ? member.spaceId : null;
    const defaultRoleId = async () => (await manager.findOneByOrFail(OrganizationSettings, { organizationId })).defaultRoleId;
    const roleId = member.isFirstUser
      ? (await manager.findOneByOrFail(Role, { organizationId, key: BuiltInRoleKey.SUPER_ADMIN })).id
      : chosen && !inSpace ? chosen.id : await defaultRoleId();
    const createdAt = new Date();
    await manager.insert(RoleAssignment, {
      id: randomUUID(),
      organizationId,
      accountId,
      roleId,
      scope: ORGANIZATION_SCOPE,
      assignedBy: chosen && !inSpace ? (member.assignedBy ?? null) : null,
      createdAt,
    });
    if (chosen && inSpace) {
      await manager.insert(RoleAssignment, { id: randomUUID(), organizationId, accountId, roleId: chosen.id, scope: spaceScope(inSpace), assignedBy: member.assignedBy ?? null, createdAt });
    }
    await recordPermissionsChanged(manager, organizationId, accountId);
  }

  /** Imported members, a chunk at a time: a handful of statements however many members. */
  async addImportedMembers(manager: EntityManager, organizationId: string, actorId: string, members: { accountId: string; roleId: string | null }[]): Promise<void> {
    if (members.length === 0) return;
    await recordPermissionsChanged(manager, organizationId, null);
    const settings = await manager.findOneByOrFail(OrganizationSettings, { organizationId });
    const wanted = [...new Set(members.map((m) => m.roleId).filter((id): id is string => Boolean(id)))];
    const existing = new Set(wanted.length ? (await manager.findBy(Role, { organizationId, id: In(wanted) })).map((r) => r.id) : []);
    await manager.insert(Member, members.map((m) => ({ organizationId, accountId: m.accountId, status: 'ACTIVE' as const, isFirstUser: false })));
    const now = new Date();
    await manager.insert(
      RoleAssignment,
      members.map((m) => {
        const chosen = m.roleId && existing.has(m.roleId) ? m.roleId : null;
        return { id: randomUUID(), organizationId, accountId: m.accountId, roleId: chosen ?? settings.defaultRoleId, scope: ORGANIZATION_SCOPE, assignedBy: chosen ? actorId : null, createdAt: now };
      }),
    );
  }
}
