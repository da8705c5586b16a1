import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { MemberViewer, PermissionSet, RuleViolation, isUniqueViolation, ok, permissionsCover, refused, unionOfGrants } from '@gatehouse/shared';
import { AccessControlResult, AccessControlViolation } from '../../errors/access-control-error-code';
import { Member } from '../members/member.entity';
import { OrganizationSettings } from '../members/organization-settings.entity';
import { permissionsOfGroup } from '../permissions/permission-sources.service';
import { UnitMemberProjection, UnitProjection } from '../units/unit-projection.entity';
import { GroupMember, GroupUnitLink, MemberGroup } from './group.entity';
import { GrantDraft, grantDraftProblems } from '../permissions/grant-draft';
import { lockOrganizationNames } from '../members/organization-lock';
import { PermissionChangeGuard, guarded } from '../permissions/permission-change-guard';
import { recordAccessControlEvent } from '../../events';
import { ChangeCause } from '../../change-cause';

export type GroupDraft = GrantDraft;

/** A member of a group: added by hand, or through a linked unit (then not removable here). */
export interface GroupMemberRecord {
  accountId: string;
  source: 'MANUAL' | 'UNIT';
  unitId: string | null;
}

const notFound = (): AccessControlViolation => new RuleViolation('GROUP_NOT_FOUND', 'No such group in this organization.', ['input', 'groupId']);
const exceeds = (): AccessControlViolation => new RuleViolation('GROUP_EXCEEDS_OWN_PERMISSIONS', 'This group grants more than you hold, so you cannot create, change or fill it.', ['input', 'grants']);

export function permissionsOfDraft(draft: GroupDraft, current?: PermissionSet): PermissionSet {
  return unionOfGrants([{ levels: draft.grants ? Object.fromEntries(draft.grants.map((g) => [g.area, g.level])) : { ...(current?.levels ?? {}) }, capabilities: draft.capabilities ?? current?.capabilities ?? [] }]);
}

/**
 * Groups (Cloosphere): members by hand or through linked organizational units (the unit and its
 * descendants), grants and capability switches; and the organization's default permissions for
 * members in no group.
 */
export class GroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
    private readonly guard: PermissionChangeGuard,
  ) {}

  async list(organizationId: string, ids?: readonly string[]): Promise<MemberGroup[]> {
    return this.dataSource.getRepository(MemberGroup).find({ where: { organizationId, ...(ids ? { id: In([...ids]) } : {}) }, order: { name: 'ASC' } });
  }

  async linkedUnits(groupIds: readonly string[]): Promise<GroupUnitLink[]> {
    return groupIds.length ? this.dataSource.getRepository(GroupUnitLink).findBy({ groupId: In([...groupIds]) }) : [];
  }

  private problems(draft: GroupDraft, others: { name: string }[]): AccessControlViolation[] {
    return grantDraftProblems(draft, others.map((o) => o.name), 'group');
  }

  async create(actor: MemberViewer, draft: GroupDraft & { name: string }): Promise<AccessControlResult<MemberGroup>> {
    return this.write(async (manager) => {
      await lockOrganizationNames(manager, actor.organizationId);
      const problems = this.problems(draft, await manager.findBy(MemberGroup, { organizationId: actor.organizationId }));
      if (problems.length) return problems;
      const permissions = permissionsOfDraft(draft);
      if (!permissionsCover(actor.permissions, permissions)) return [exceeds()];
      const group = Object.assign(new MemberGroup(), {
        id: randomUUID(),
        organizationId: actor.organizationId,
        name: draft.name.trim(),
        description: (draft.description ?? '').trim(),
        grants: JSON.stringify(permissions.levels),
        capabilities: JSON.stringify(permissions.capabilities),
        createdAt: new Date(),
      });
      await manager.insert(MemberGroup, { ...group });
      await recordAccessControlEvent(manager, 'group.created', { organizationId: actor.organizationId, actorId: actor.accountId, groupId: group.id, name: group.name, grants: permissions });
      return group;
    });
  }

  async update(actor: MemberViewer, groupId: string, draft: GroupDraft): Promise<AccessControlResult<MemberGroup>> {
    return this.write(async (manager) => {
      if (draft.name != null) await lockOrganizationNames(manager, actor.organizationId);
      const groups = await manager.findBy(MemberGroup, { organizationId: actor.organizationId });
      const group = groups.find((g) => g.id === groupId);
      if (!group) return [notFound()];
      const problems = this.problems(draft, groups.filter((g) => g.id !== groupId));
      if (problems.length) return problems;
      const before = permissionsOfGroup(group);
      const after = permissionsOfDraft(draft, before);
      if (!permissionsCover(actor.permissions, before) || !permissionsCover(actor.permissions, after)) return [exceeds()];
      const changes = {
        name: draft.name?.trim() || group.name,
        description: draft.description == null ? group.description : draft.description.trim(),
        grants: JSON.stringify(after.levels),
        capabilities: JSON.stringify(after.capabilities),
      };
      const members = (await this.membersOf(manager, group)).map((m) => m.accountId);
      await this.guard.around(manager, actor, { affected: members, exceeds: exceeds() }, () => manager.update(MemberGroup, { id: group.id }, changes));
      await recordAccessControlEvent(manager, 'group.updated', { organizationId: actor.organizationId, actorId: actor.accountId, groupId: group.id, name: changes.name, before, after });
      return { ...group, ...changes };
    });
  }

  async remove(actor: MemberViewer, groupId: string): Promise<AccessControlResult> {
    const result = await this.write(async (manager) => {
      const group = await manager.findOneBy(MemberGroup, { id: groupId, organizationId: actor.organizationId });
      if (!group) return [notFound()];
      if (!permissionsCover(actor.permissions, permissionsOfGroup(group))) return [exceeds()];
      // Members left in no group fall back to the organization's defaults, which may grant more.
      const members = (await this.membersOf(manager, group)).map((m) => m.accountId);
      await this.guard.around(manager, actor, { affected: members, exceeds: exceeds() }, async () => {
        await manager.delete(GroupMember, { groupId });
        await manager.delete(GroupUnitLink, { groupId });
        await manager.delete(MemberGroup, { id: groupId });
      });
      await recordAccessControlEvent(manager, 'group.deleted', { organizationId: actor.organizationId, actorId: actor.accountId, groupId, name: group.name });
      return group;
    });
    return result.ok ? ok() : result;
  }

  /** Adds or removes members by hand. Adding hands out the group's grants: no more than you hold. Answers the group. */
  async changeMembers(actor: MemberViewer, groupId: string, userIds: string[], change: 'ADDED' | 'REMOVED', cause?: ChangeCause): Promise<AccessControlResult<MemberGroup>> {
    return this.write(async (manager) => {
      const group = await manager.findOneBy(MemberGroup, { id: groupId, organizationId: actor.organizationId });
      if (!group) return [notFound()];
      if (new Set(userIds).size !== userIds.length || userIds.length === 0 || userIds.length > 1000) return [new RuleViolation('INVALID_USERS', 'Name 1 to 1,000 distinct users.', ['input', 'userIds'])];
      if (!permissionsCover(actor.permissions, permissionsOfGroup(group))) return [exceeds()];
      const known = new Set((await manager.findBy(Member, { organizationId: actor.organizationId, accountId: In(userIds) })).map((m) => m.accountId));
      const unknown = userIds.filter((id) => !known.has(id));
      if (unknown.length) return [new RuleViolation('USER_NOT_FOUND', `Not users of this organization: ${unknown.slice(0, 10).join(', ')}.`, ['input', 'userIds'])];
      const direct = new Set((await manager.findBy(GroupMember, { groupId, accountId: In(userIds) })).map((m) => m.accountId));
      if (change === 'REMOVED') {
        const missing = userIds.filter((id) => !direct.has(id));
        if (missing.length) {
          const throughUnits = new Set((await this.membersOf(manager, group)).filter((m) => m.source === 'UNIT').map((m) => m.accountId));
          const viaUnit = missing.filter((id) => throughUnits.has(id));
          if (viaUnit.length) return [new RuleViolation('DIRECTORY_MANAGED', `These users are members through a linked unit (from the directory): ${viaUnit.slice(0, 10).join(', ')}. Unlink the unit or change the directory.`, ['input', 'userIds'])];
          return [new RuleViolation('NOT_A_MEMBER', `Not members of this group: ${missing.slice(0, 10).join(', ')}.`, ['input', 'userIds'])];
        }
      }
      await this.guard.around(manager, actor, { targets: userIds, exceeds: exceeds() }, async () => {
        const fresh = userIds.filter((id) => !direct.has(id));
        if (change === 'ADDED' && fresh.length) await manager.insert(GroupMember, fresh.map((accountId) => ({ groupId, accountId, organizationId: actor.organizationId, createdAt: new Date() })));
        if (change === 'REMOVED') await manager.delete(GroupMember, { groupId, accountId: In(userIds) });
      });
      await recordAccessControlEvent(manager, 'group.members_changed', { organizationId: actor.organizationId, actorId: actor.accountId, groupId, name: group.name, change, accountIds: userIds, ...cause });
      return group;
    });
  }

  /** Links or unlinks an organizational unit of the organization. Answers the group. */
  async changeLink(actor: MemberViewer, groupId: string, unitId: string, change: 'LINKED' | 'UNLINKED'): Promise<AccessControlResult<MemberGroup>> {
    return this.write(async (manager) => {
      const group = await manager.findOneBy(MemberGroup, { id: groupId, organizationId: actor.organizationId });
      if (!group) return [notFound()];
      if (!(await manager.existsBy(UnitProjection, { id: unitId, organizationId: actor.organizationId }))) return [new RuleViolation('UNIT_NOT_FOUND', 'No such organizational unit in this organization.', ['input', 'unitId'])];
      if (!permissionsCover(actor.permissions, permissionsOfGroup(group))) return [exceeds()];
      const linked = await manager.existsBy(GroupUnitLink, { groupId, unitId });
      if (change === 'LINKED' && linked) return [new RuleViolation('ALREADY_LINKED', 'The unit is already linked to this group.', ['input', 'unitId'])];
      if (change === 'UNLINKED' && !linked) return [new RuleViolation('NOT_LINKED', 'The unit is not linked to this group.', ['input', 'unitId'])];
      const members = await this.membersUnder(manager, actor.organizationId, [unitId]);
      await this.guard.around(manager, actor, { affected: members, exceeds: exceeds() }, async () => {
        if (change === 'LINKED') await manager.insert(GroupUnitLink, { groupId, unitId, organizationId: actor.organizationId });
        else await manager.delete(GroupUnitLink, { groupId, unitId });
      });
      await recordAccessControlEvent(manager, change === 'LINKED' ? 'group.unit_linked' : 'group.unit_unlinked', { organizationId: actor.organizationId, actorId: actor.accountId, groupId, name: group.name, unitId });
      return group;
    });
  }

  /** Every member: by hand, and everyone in a linked unit or below it. Sorted by account id (the page order). */
  async membersOf(manager: EntityManager, group: MemberGroup): Promise<GroupMemberRecord[]> {
    const direct = await manager.findBy(GroupMember, { groupId: group.id });
    const members = new Map<string, GroupMemberRecord>(direct.map((m) => [m.accountId, { accountId: m.accountId, source: 'MANUAL', unitId: null }]));
    const links = await manager.findBy(GroupUnitLink, { groupId: group.id });
    if (links.length) {
      const units = await manager.findBy(UnitProjection, { organizationId: group.organizationId });
      const children = new Map<string, string[]>();
      for (const unit of units) if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
      const coveredBy = new Map<string, string>();
      for (const link of links) {
        const stack = [link.unitId];
        while (stack.length) {
          const unit = stack.pop()!;
          if (coveredBy.has(unit)) continue;
          coveredBy.set(unit, link.unitId);
          stack.push(...(children.get(unit) ?? []));
        }
      }
      const covered = [...coveredBy.keys()];
      for (let i = 0; i < covered.length; i += 1000) {
        for (const m of await manager.findBy(UnitMemberProjection, { organizationId: group.organizationId, unitId: In(covered.slice(i, i + 1000)) })) {
          if (!members.has(m.accountId)) members.set(m.accountId, { accountId: m.accountId, source: 'UNIT', unitId: coveredBy.get(m.unitId)! });
        }
      }
    }
    return [...members.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  }

  /** Accounts in the units or anywhere below them. */
  async membersUnder(manager: EntityManager, organizationId: string, unitIds: string[]): Promise<string[]> {
    const units = await manager.findBy(UnitProjection, { organizationId });
    const children = new Map<string, string[]>();
    for (const unit of units) if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
    const covered = new Set<string>();
    const stack = [...unitIds];
    while (stack.length) {
      const unit = stack.pop()!;
      if (covered.has(unit)) continue;
      covered.add(unit);
      stack.push(...(children.get(unit) ?? []));
    }
    const ids = [...covered];
    const accounts = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      for (const m of await manager.findBy(UnitMemberProjection, { organizationId, unitId: In(ids.slice(i, i + 1000)) })) accounts.add(m.accountId);
    }
    return [...accounts];
  }

  async members(organizationId: string, groupId: string): Promise<GroupMemberRecord[]> {
    const group = await this.dataSource.getRepository(MemberGroup).findOneBy({ id: groupId, organizationId });
    return group ? this.membersOf(this.dataSource.manager, group) : [];
  }

  /** Cloosphere's default permissions: what members in no group get. */
  async setDefaultPermissions(actor: MemberViewer, draft: GroupDraft): Promise<AccessControlResult<PermissionSet>> {
    const permissions = permissionsOfDraft(draft);
    const problems = this.problems({ grants: draft.grants, capabilities: draft.capabilities }, []);
    if (problems.length) return refused(problems);
    if (!permissionsCover(actor.permissions, permissions)) return refused(exceeds());
    const result = await this.write(async (manager) => {
      const settings = await manager.findOneByOrFail(OrganizationSettings, { organizationId: actor.organizationId });
      // Whoever gains through the defaults gains at most the defaults, which the actor covers; the guard keeps the actor's own.
      await this.guard.around(manager, actor, { exceeds: exceeds() }, () => manager.update(OrganizationSettings, { organizationId: actor.organizationId }, { defaultPermissions: JSON.stringify(permissions) }));
      await recordAccessControlEvent(manager, 'organization.default_permissions_changed', { organizationId: actor.organizationId, actorId: actor.accountId, before: settings.defaultPermissions ? JSON.parse(settings.defaultPermissions) : null, after: permissions });
      return settings;
    });
    return result.ok ? ok(permissions) : result;
  }

  async defaultPermissions(organizationId: string): Promise<PermissionSet | null> {
    const settings = await this.dataSource.getRepository(OrganizationSettings).findOneBy({ organizationId });
    return settings?.defaultPermissions ? (JSON.parse(settings.defaultPermissions) as PermissionSet) : null;
  }

  /** One transaction; events published after it commits, unless it answered with problems. */
  private async write<T>(apply: (manager: EntityManager) => Promise<T | AccessControlViolation[]>): Promise<AccessControlResult<T>> {
    // A concurrent identical change (the same member added twice at once) collides on a key: run again, it then finds the row.
    const once = async () => {
      const result = await guarded(() => this.dataSource.transaction(apply));
      return result instanceof RuleViolation ? [result] : result;
    };
    const outcome = await once().catch((error) => {
      if (isUniqueViolation(error)) return once();
      throw error;
    });
    if (Array.isArray(outcome)) return refused(outcome);
    await this.afterCommit();
    return ok(outcome);
  }
}
