import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Area, BuiltInRoleKey, Capability, Level, MemberViewer, PermissionSet, RuleViolation, ok, permissionsCover, refused, unionOfGrants } from '@gatehouse/shared';
import { AccessControlResult, AccessControlViolation } from '../../errors/access-control-error-code';
import { OrganizationSettings } from '../members/organization-settings.entity';
import { ORGANIZATION_SCOPE, RoleAssignment } from './role-assignment.entity';
import { Role } from './role.entity';
import { GrantDraft, grantDraftProblems } from '../permissions/grant-draft';
import { RoleRecord, toRoleRecord } from './role-record';
import { lockOrganizationNames } from '../members/organization-lock';
import { ProfileAssignment, ProfileRole } from '../profiles/profile.entity';
import { PermissionChangeGuard, guarded } from '../permissions/permission-change-guard';
import { recordAccessControlEvent } from '../../events';

/** A role as an admin writes it (SmythOS: "set permissions per category, optionally enable Manage Team"). */
export interface RoleDraft extends GrantDraft {
  /** SmythOS's "Manage Team": members and their roles at WRITE, plus the MANAGE_TEAM capability. */
  manageTeam?: boolean | null;
}

/** The permissions a draft describes, on top of what the role grants now (for edits). */
export function permissionsOfDraft(draft: RoleDraft, current: PermissionSet = { levels: {}, capabilities: [] }): PermissionSet {
  const levels: Partial<Record<Area, Level>> = draft.grants ? Object.fromEntries(draft.grants.map((g) => [g.area, g.level])) : { ...current.levels };
  let capabilities = draft.capabilities ? [...draft.capabilities] : [...current.capabilities];
  const manageTeam = draft.manageTeam ?? capabilities.includes(Capability.MANAGE_TEAM);
  capabilities = capabilities.filter((c) => c !== Capability.MANAGE_TEAM);
  if (manageTeam) {
    levels[Area.TEAM_MEMBERS] = Level.WRITE;
    levels[Area.TEAM_ROLES] = Level.WRITE;
    capabilities.push(Capability.MANAGE_TEAM);
  }
  return unionOfGrants([{ levels, capabilities }]);
}

/** Custom roles and the organization's default role: create, edit, delete (or reassign), set as default. */
export class CustomRolesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
    private readonly guard: PermissionChangeGuard,
  ) {}

  private problems(draft: RoleDraft, others: { name: string }[]): AccessControlViolation[] {
    return grantDraftProblems(draft, others.map((o) => o.name), 'role');
  }

  async create(actor: MemberViewer, draft: RoleDraft & { name: string }): Promise<AccessControlResult<RoleRecord>> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<AccessControlViolation[] | RoleRecord> => {
      await lockOrganizationNames(manager, actor.organizationId);
      const roles = await manager.findBy(Role, { organizationId: actor.organizationId });
      const problems = this.problems(draft, roles);
      if (problems.length) return problems;
      const permissions = permissionsOfDraft(draft);
      if (!permissionsCover(actor.permissions, permissions)) return [exceeds()];
      const role = Object.assign(new Role(), {
        id: randomUUID(),
        organizationId: actor.organizationId,
        key: null,
        name: draft.name.trim(),
        description: (draft.description ?? '').trim(),
        grants: JSON.stringify(permissions.levels),
        capabilities: JSON.stringify(permissions.capabilities),
        position: Math.max(0, ...roles.map((r) => r.position)) + 1,
        createdAt: new Date(),
      });
      await manager.insert(Role, { ...role });
      await recordAccessControlEvent(manager, 'role.created', { organizationId: actor.organizationId, actorId: actor.accountId, roleId: role.id, name: role.name, grants: permissions });
      return toRoleRecord(role);
    });
    if (Array.isArray(outcome)) return refused(outcome);
    await this.afterCommit();
    return ok(outcome);
  }

  /**
   * Edits a role's name, description or grants. Nobody edits a role stronger than themselves or
   * makes one stronger than themselves; Super Admin stays whole (the organization needs one role
   * that can do everything). Holders' permissions change on their next request.
   */
  async update(actor: MemberViewer, roleId: string, draft: RoleDraft): Promise<AccessControlResult<RoleRecord>> {
    const outcome = await guarded(() => this.dataSource.transaction(async (manager): Promise<AccessControlViolation[] | RoleRecord> => {
      if (draft.name != null) await lockOrganizationNames(manager, actor.organizationId);
      const roles = await manager.findBy(Role, { organizationId: actor.organizationId });
      const role = roles.find((r) => r.id === roleId);
      if (!role) return [notFound()];
      if (role.key === BuiltInRoleKey.SUPER_ADMIN) return [new RuleViolation('BUILT_IN_ROLE_LOCKED', 'Super Admin always grants everything; create a custom role instead.', ['input', 'roleId'])];
      const problems = this.problems(draft, roles.filter((r) => r.id !== roleId));
      if (problems.length) return problems;
      const before = toRoleRecord(role);
      const after = permissionsOfDraft(draft, before.permissions);
      if (!permissionsCover(actor.permissions, before.permissions) || !permissionsCover(actor.permissions, after)) return [exceeds()];
      const changes = {
        name: draft.name?.trim() || role.name,
        description: draft.description === undefined || draft.description === null ? role.description : draft.description.trim(),
        grants: JSON.stringify(after.levels),
        capabilities: JSON.stringify(after.capabilities),
      };
      const affected = await this.holders(manager, actor.organizationId, role.id);
      await this.guard.around(manager, actor, { affected, exceeds: exceeds() }, () => manager.update(Role, { id: role.id }, changes));
      await recordAccessControlEvent(manager, 'role.updated', { organizationId: actor.organizationId, actorId: actor.accountId, roleId: role.id, name: changes.name, before: before.permissions, after });
      return toRoleRecord({ ...role, ...changes });
    }));
    if (outcome instanceof RuleViolation) return refused(outcome);
    if (Array.isArray(outcome)) return refused(outcome);
    await this.afterCommit();
    return ok(outcome);
  }

  /**
   * Deletes a custom role. While members hold it the deletion is refused (saying how many), unless
   * `reassignToRoleId` names the role they get instead.
   */
  async remove(actor: MemberViewer, roleId: string, reassignToRoleId: string | null): Promise<AccessControlResult<{ reassigned: number }>> {
    const outcome = await guarded(() => this.dataSource.transaction(async (manager): Promise<AccessControlViolation | { reassigned: number }> => {
      const role = await manager.findOneBy(Role, { id: roleId, organizationId: actor.organizationId });
      if (!role) return notFound();
      if (role.key) return new RuleViolation('BUILT_IN_ROLE', 'Built-in roles cannot be deleted.', ['input', 'roleId']);
      const settings = await manager.findOneByOrFail(OrganizationSettings, { organizationId: actor.organizationId });
      if (settings.defaultRoleId === role.id) return new RuleViolation('ROLE_IS_DEFAULT', 'This is the default role for new members: set another default first.', ['input', 'roleId']);
      if (!permissionsCover(actor.permissions, toRoleRecord(role).permissions)) return exceeds();
      const assignments = await manager.findBy(RoleAssignment, { organizationId: actor.organizationId, roleId: role.id });
      const holders = [...new Set(assignments.map((a) => a.accountId))];
      let target: Role | null = null;
      if (assignments.length && !reassignToRoleId) {
        return new RuleViolation('ROLE_IN_USE', `${holders.length} member(s) hold this role: pass reassignToRoleId to move them to another role.`, ['input', 'roleId']);
      }
      if (assignments.length && reassignToRoleId) {
        target = await manager.findOneBy(Role, { id: reassignToRoleId, organizationId: actor.organizationId });
        if (!target || target.id === role.id) return new RuleViolation('ROLE_NOT_FOUND', 'The role to reassign members to must be another role of this organization.', ['input', 'reassignToRoleId']);
        if (!permissionsCover(actor.permissions, toRoleRecord(target).permissions)) return exceeds(['input', 'reassignToRoleId']);
      }
      const rolesBefore = await this.roleNamesByScope(manager, actor.organizationId, assignments);
      const affected = await this.holders(manager, actor.organizationId, role.id);
      await this.guard.around(manager, actor, { affected, exceeds: exceeds(['input', 'reassignToRoleId']) }, async () => {
        if (target) await this.reassign(manager, assignments, target.id, actor.accountId);
        await manager.delete(RoleAssignment, { organizationId: actor.organizationId, roleId: role.id });
        await manager.delete(ProfileRole, { organizationId: actor.organizationId, roleId: role.id });
        await manager.delete(Role, { id: role.id });
      });
      const rolesAfter = await this.roleNamesByScope(manager, actor.organizationId, assignments);
      // One ROLE_CHANGE per member and scope, as assignRole writes: the log tells each member's story.
      for (const a of assignments) {
        const key = `${a.accountId}:${a.scope}`;
        await recordAccessControlEvent(manager, 'role_assignment.changed', {
          organizationId: actor.organizationId,
          actorId: actor.accountId,
          targetId: a.accountId,
          roleId: target!.id,
          roleName: target!.name,
          change: 'REASSIGNED',
          scope: a.scope === ORGANIZATION_SCOPE ? 'ORGANIZATION' : 'SPACE',
          spaceId: a.scope === ORGANIZATION_SCOPE ? null : a.scope.slice('space:'.length),
          rolesBefore: rolesBefore.get(key) ?? [],
          rolesAfter: rolesAfter.get(key) ?? [],
        });
      }
      await recordAccessControlEvent(manager, 'role.deleted', { organizationId: actor.organizationId, actorId: actor.accountId, roleId: role.id, name: role.name, reassignedTo: target?.id ?? null, affectedAccountIds: holders, defaultRoleId: settings.defaultRoleId });
      return { reassigned: holders.length };
    }));
    if (outcome instanceof RuleViolation) return refused(outcome);
    await this.afterCommit();
    return ok(outcome);
  }

  /** Members holding the role in any scope, directly or through a security profile. */
  private async holders(manager: EntityManager, organizationId: string, roleId: string): Promise<string[]> {
    const direct = await manager.find(RoleAssignment, { where: { organizationId, roleId }, select: { accountId: true } });
    const profiles = (await manager.findBy(ProfileRole, { organizationId, roleId })).map((p) => p.profileId);
    const viaProfiles = profiles.length ? await manager.find(ProfileAssignment, { where: { organizationId, profileId: In(profiles) }, select: { accountId: true } }) : [];
    return [...new Set([...direct, ...viaProfiles].map((a) => a.accountId))];
  }

  /** `account:scope` → names of the roles held there, for the ROLE_CHANGE entries of a reassignment. */
  private async roleNamesByScope(manager: EntityManager, organizationId: string, assignments: RoleAssignment[]): Promise<Map<string, string[]>> {
    const accountIds = [...new Set(assignments.map((a) => a.accountId))];
    const held = new Map<string, string[]>();
    for (let i = 0; i < accountIds.length; i += 1000) {
      const rows = await manager
        .getRepository(RoleAssignment)
        .createQueryBuilder('ra')
        .innerJoin(Role, 'r', 'r.id = ra.roleId')
        .select(['ra.accountId AS accountId', 'ra.scope AS scope', 'r.name AS name'])
        .where('ra.organizationId = :organizationId AND ra.accountId IN (:...ids)', { organizationId, ids: accountIds.slice(i, i + 1000) })
        .getRawMany<{ accountId: string; scope: string; name: string }>();
      for (const row of rows) held.set(`${row.accountId}:${row.scope}`, [...(held.get(`${row.accountId}:${row.scope}`) ?? []), row.name].sort());
    }
    return held;
  }

  /** Members holding the deleted role get the target role in the same scope (unless they already do). */
  private async reassign(manager: EntityManager, assignments: RoleAssignment[], targetRoleId: string, actorId: string): Promise<void> {
    const existing = await manager.findBy(RoleAssignment, { organizationId: assignments[0].organizationId, roleId: targetRoleId, accountId: In(assignments.map((a) => a.accountId)) });
    const held = new Set(existing.map((a) => `${a.accountId}:${a.scope}`));
    const now = new Date();
    const moved = assignments.filter((a) => !held.has(`${a.accountId}:${a.scope}`));
    for (let i = 0; i < moved.length; i += 500) {
      await manager.insert(RoleAssignment, moved.slice(i, i + 500).map((a) => ({ id: randomUUID(), organizationId: a.organizationId, accountId: a.accountId, roleId: targetRoleId, scope: a.scope, assignedBy: actorId, createdAt: now })));
    }
  }

  /** The role new members get (SmythOS's "Set as Default"); only someone holding all it grants may choose it. Answers the role. */
  async setDefault(actor: MemberViewer, roleId: string): Promise<AccessControlResult<RoleRecord>> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<AccessControlViolation | { role: Role; changed: boolean }> => {
      const role = await manager.findOneBy(Role, { id: roleId, organizationId: actor.organizationId });
      if (!role) return notFound();
      if (!permissionsCover(actor.permissions, toRoleRecord(role).permissions)) return exceeds();
      const settings = await manager.findOneByOrFail(OrganizationSettings, { organizationId: actor.organizationId });
      if (settings.defaultRoleId === role.id) return { role, changed: false };
      await manager.update(OrganizationSettings, { organizationId: actor.organizationId }, { defaultRoleId: role.id });
      await recordAccessControlEvent(manager, 'organization.default_role_changed', { organizationId: actor.organizationId, actorId: actor.accountId, roleId: role.id, name: role.name, previousRoleId: settings.defaultRoleId });
      return { role, changed: true };
    });
    if (outcome instanceof RuleViolation) return refused(outcome);
    if (outcome.changed) await this.afterCommit();
    return ok(toRoleRecord(outcome.role));
  }

  async defaultRoleId(organizationId: string): Promise<string | null> {
    return (await this.dataSource.getRepository(OrganizationSettings).findOneBy({ organizationId }))?.defaultRoleId ?? null;
  }
}

const notFound = (): AccessControlViolation => new RuleViolation('ROLE_NOT_FOUND', 'No such role in this organization.', ['input', 'roleId']);
const exceeds = (field = ['input', 'grants']): AccessControlViolation => new RuleViolation('ROLE_EXCEEDS_OWN_PERMISSIONS', 'This role grants more than you hold, so you cannot create, change or hand it out.', field);
