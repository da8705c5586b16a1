import { DataSource, EntityManager, In } from 'typeorm';
import { Area, Capability, Level, PermissionSet } from '@gatehouse/shared';
import { MemberGroup, GroupMember, GroupUnitLink } from '../groups/group.entity';
import { Member } from '../members/member.entity';
import { memberRows } from '../members/member-rows';
import { OrganizationSettings } from '../members/organization-settings.entity';
import { Profile, ProfileAssignment, ProfileRole } from '../profiles/profile.entity';
import { ORGANIZATION_SCOPE, RoleAssignment, spaceScope } from '../roles/role-assignment.entity';
import { Role } from '../roles/role.entity';
import { toRoleRecord } from '../roles/role-record';
import { SpaceProjection } from '../spaces/space-projection.entity';
import { UnitMemberProjection, UnitProjection } from '../units/unit-projection.entity';
import { MemberSources, SourcedGrant } from './contributions';

/** Asks `sourcesOf` for the roles of every live space, each grant naming its space. */
export const ALL_SPACES = Symbol('all spaces');

const assignmentColumns = ['accountId', 'roleId', 'scope'] as const;
type AssignmentRow = Record<(typeof assignmentColumns)[number], string>;

export function permissionsOfGroup(group: MemberGroup): PermissionSet {
  return { levels: JSON.parse(group.grants) as Partial<Record<Area, Level>>, capabilities: JSON.parse(group.capabilities) as Capability[] };
}

/**
 * Reads every source of permissions for a batch of members in one scope, in a fixed number of
 * statements whatever the batch size: roles held across the organization (and in the space, when
 * one is asked about), roles inside their security profiles, their groups (by hand, or through a
 * linked unit they or a descendant unit contain them), and the organization's defaults for members
 * in no group.
 */
export class PermissionSourcesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `spaceId` adds the roles held in that space; `ALL_SPACES` adds the roles of every live space (each
   * grant names its space), for comparing what members hold scope by scope. `manager` reads inside a
   * caller's transaction.
   */
  async sourcesOf(organizationId: string, accountIds: readonly string[], spaceId: string | typeof ALL_SPACES | null = null, manager: EntityManager = this.dataSource.manager): Promise<Map<string, MemberSources>> {
    const ids = [...new Set(accountIds)];
    const result = new Map<string, MemberSources>(ids.map((id) => [id, { accountId: id, isMember: false, active: false, grants: [], units: [] }]));
    if (ids.length === 0) return result;
    const [members, allAssignments, profileAssignments, directGroups, unitMemberships, links, settings] = await Promise.all([
      memberRows(manager, Member, organizationId, ids, ['accountId', 'status']),
      spaceId === ALL_SPACES ? memberRows(manager, RoleAssignment, organizationId, ids, assignmentColumns) : this.assignmentsIn(manager, organizationId, ids, spaceId),
      memberRows(manager, ProfileAssignment, organizationId, ids, ['accountId', 'profileId']),
      memberRows(manager, GroupMember, organizationId, ids, ['accountId', 'groupId']),
      memberRows(manager, UnitMemberProjection, organizationId, ids, ['accountId', 'unitId']),
      manager.findBy(GroupUnitLink, { organizationId }),
      manager.findOneBy(OrganizationSettings, { organizationId }),
    ]);
    const assignments = spaceId === ALL_SPACES ? await this.inLiveSpaces(manager, organizationId, allAssignments) : allAssignments;
    for (const member of members) Object.assign(result.get(member.accountId)!, { isMember: true, active: member.status === 'ACTIVE' });

    const profileRoles = profileAssignments.length ? await manager.findBy(ProfileRole, { organizationId, profileId: In([...new Set(profileAssignments.map((p) => p.profileId))]) }) : [];
    const roleIds = [...new Set([...assignments.map((a) => a.roleId), ...profileRoles.map((p) => p.roleId)])];
    const roles = new Map((roleIds.length ? await manager.findBy(Role, { organizationId, id: In(roleIds) }) : []).map((r) => [r.id, toRoleRecord(r)]));
    const profiles = new Map((profileAssignments.length ? await manager.findBy(Profile, { organizationId, id: In([...new Set(profileAssignments.map((p) => p.profileId))]) }) : []).map((p) => [p.id, p]));

    for (const a of assignments) {
      const role = roles.get(a.roleId);
      if (role) result.get(a.accountId)!.grants.push({ contribution: { kind: 'ROLE', roleId: role.id, roleName: role.name, roleKey: role.key, spaceId: a.scope === ORGANIZATION_SCOPE ? null : a.scope.slice('space:'.length) }, permissions: role.permissions });
    }
    for (const pa of profileAssignments) {
      const profile = profiles.get(pa.profileId);
      for (const pr of profileRoles.filter((r) => r.profileId === pa.profileId)) {
        const role = roles.get(pr.roleId);
        if (profile && role) result.get(pa.accountId)!.grants.push({ contribution: { kind: 'PROFILE', profileId: profile.id, profileName: profile.name, roleId: role.id, roleName: role.name }, permissions: role.permissions });
      }
    }

    // Groups reached through units: a link covers the linked unit and everything below it.
    const unitGroups = new Map<string, { groupId: string; unitId: string }[]>();
    if (unitMemberships.length) {
      const linkedUnits = new Map<string, string[]>();
      for (const link of links) linkedUnits.set(link.unitId, [...(linkedUnits.get(link.unitId) ?? []), link.groupId]);
      const parents = await this.ancestry(organizationId, unitMemberships.map((m) => m.unitId), manager);
      for (const m of unitMemberships) {
        const units = result.get(m.accountId)!.units;
        for (let unit: string | null = m.unitId, depth = 0; unit && depth < 100; unit = parents.get(unit) ?? null, depth += 1) {
          if (!units.includes(unit)) units.push(unit);
          for (const groupId of linkedUnits.get(unit) ?? []) unitGroups.set(m.accountId, [...(unitGroups.get(m.accountId) ?? []), { groupId, unitId: unit }]);
        }
      }
    }
    const groupIds = [...new Set([...directGroups.map((g) => g.groupId), ...[...unitGroups.values()].flat().map((g) => g.groupId)])];
    // Each group's grants parsed once, shared by all its members in the batch.
    const groups = new Map((groupIds.length ? await manager.findBy(MemberGroup, { organizationId, id: In(groupIds) }) : []).map((g) => [g.id, { group: g, permissions: permissionsOfGroup(g) }]));
    for (const dg of directGroups) {
      const found = groups.get(dg.groupId);
      if (found) result.get(dg.accountId)!.grants.push({ contribution: { kind: 'GROUP', groupId: found.group.id, groupName: found.group.name }, permissions: found.permissions });
    }
    for (const [accountId, reached] of unitGroups) {
      for (const { groupId, unitId } of reached) {
        const found = groups.get(groupId);
        if (found) result.get(accountId)!.grants.push({ contribution: { kind: 'UNIT_LINK', groupId, groupName: found.group.name, unitId }, permissions: found.permissions });
      }
    }
    // Cloosphere: members in no group get the organization's default permissions.
    const defaults = settings?.defaultPermissions ? (JSON.parse(settings.defaultPermissions) as PermissionSet) : null;
    for (const sources of result.values()) {
      const inGroup = sources.grants.some((g) => g.contribution.kind === 'GROUP' || g.contribution.kind === 'UNIT_LINK');
      if (!inGroup && defaults) sources.grants.push({ contribution: { kind: 'DEFAULT' }, permissions: defaults } satisfies SourcedGrant);
    }
    return result;
  }

  /** Roles across the organization, plus those in the space asked about while it is live and of this organization. */
  private async assignmentsIn(manager: EntityManager, organizationId: string, ids: string[], spaceId: string | null): Promise<AssignmentRow[]> {
    const space = spaceId ? await manager.findOneBy(SpaceProjection, { id: spaceId, organizationId }) : null;
    const scopes = space && !space.archived ? [ORGANIZATION_SCOPE, spaceScope(space.id)] : [ORGANIZATION_SCOPE];
    return memberRows(manager, RoleAssignment, organizationId, ids, assignmentColumns, scopes);
  }

  /** Assignments across the organization and in live spaces (an archived space's roles count nowhere). */
  private async inLiveSpaces(manager: EntityManager, organizationId: string, assignments: AssignmentRow[]): Promise<AssignmentRow[]> {
    const spaceIds = [...new Set(assignments.filter((a) => a.scope !== ORGANIZATION_SCOPE).map((a) => a.scope.slice('space:'.length)))];
    const live = new Set(spaceIds.length ? (await manager.findBy(SpaceProjection, { organizationId, id: In(spaceIds), archived: false })).map((s) => s.id) : []);
    return assignments.filter((a) => a.scope === ORGANIZATION_SCOPE || live.has(a.scope.slice('space:'.length)));
  }

  /** unit → parent for the units and all their ancestors (one statement per level of depth). */
  async ancestry(organizationId: string, unitIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string | null>> {
    const parents = new Map<string, string | null>();
    let frontier = [...new Set(unitIds)];
    for (let depth = 0; frontier.length && depth < 100; depth += 1) {
      const units = await manager.findBy(UnitProjection, { organizationId, id: In(frontier) });
      for (const unit of units) parents.set(unit.id, unit.parentId);
      frontier = [...new Set(units.map((u) => u.parentId).filter((id): id is string => id !== null && !parents.has(id)))];
    }
    return parents;
  }
}
