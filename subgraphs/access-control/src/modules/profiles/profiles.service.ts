import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { MemberViewer, RuleViolation, isUniqueViolation, ok, permissionsCover, refused, unionOfGrants } from '@gatehouse/shared';
import { AccessControlResult, AccessControlViolation } from '../../errors/access-control-error-code';
import { Member } from '../members/member.entity';
import { Role } from '../roles/role.entity';
import { RoleRecord, toRoleRecord } from '../roles/role-record';
import { Profile, ProfileAssignment, ProfileRole } from './profile.entity';
import { lockOrganizationNames } from '../members/organization-lock';
import { PermissionChangeGuard, guarded } from '../permissions/permission-change-guard';
import { recordAccessControlEvent } from '../../events';

export interface ProfileRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  roles: RoleRecord[];
}

export interface ProfileDraft {
  name?: string | null;
  description?: string | null;
  roleIds?: string[] | null;
}

const notFound = (): AccessControlViolation => new RuleViolation('PROFILE_NOT_FOUND', 'No such security profile in this organization.', ['input', 'profileId']);
const exceeds = (): AccessControlViolation => new RuleViolation('PROFILE_EXCEEDS_OWN_PERMISSIONS', 'This profile grants more than you hold, so you cannot create, change or hand it out.', ['input', 'roleIds']);

/** Security profiles (Serenity*): named bundles of roles, assigned to members instead of the roles one by one. */
export class ProfilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
    private readonly guard: PermissionChangeGuard,
  ) {}

  async list(organizationId: string, ids?: readonly string[]): Promise<ProfileRecord[]> {
    const profiles = await this.dataSource.getRepository(Profile).find({ where: { organizationId, ...(ids ? { id: In([...ids]) } : {}) }, order: { name: 'ASC' } });
    return this.records(this.dataSource.manager, profiles);
  }

  private async records(manager: EntityManager, profiles: Profile[]): Promise<ProfileRecord[]> {
    if (profiles.length === 0) return [];
    const links = await manager.findBy(ProfileRole, { profileId: In(profiles.map((p) => p.id)) });
    const roles = new Map((links.length ? await manager.findBy(Role, { id: In([...new Set(links.map((l) => l.roleId))]) }) : []).map((r) => [r.id, toRoleRecord(r)]));
    return profiles.map((p) => ({
      id: p.id,
      organizationId: p.organizationId,
      name: p.name,
      description: p.description,
      roles: links.filter((l) => l.profileId === p.id).map((l) => roles.get(l.roleId)).filter((r): r is RoleRecord => Boolean(r)).sort((a, b) => a.name.localeCompare(b.name)),
    }));
  }

  /** Profiles held by each of the accounts. */
  async profilesOfMembers(organizationId: string, accountIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = accountIds.length ? await this.dataSource.getRepository(ProfileAssignment).findBy({ organizationId, accountId: In([...accountIds]) }) : [];
    const result = new Map<string, string[]>(accountIds.map((id) => [id, []]));
    for (const row of rows) result.get(row.accountId)?.push(row.profileId);
    return result;
  }

  async memberCount(profileId: string): Promise<number> {
    return this.dataSource.getRepository(ProfileAssignment).countBy({ profileId });
  }

  private async checked(manager: EntityManager, actor: MemberViewer, draft: ProfileDraft, exceptId: string | null): Promise<{ problems: AccessControlViolation[]; roles: Role[] }> {
    const problems: AccessControlViolation[] = [];
    if (draft.name != null) {
      const name = draft.name.trim();
      const others = await manager.findBy(Profile, { organizationId: actor.organizationId });
      if (!name || name.length > 100) problems.push(new RuleViolation('INVALID_NAME', 'Give a profile name of 1 to 100 characters.', ['input', 'name']));
      else if (others.some((p) => p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase())) problems.push(new RuleViolation('PROFILE_NAME_TAKEN', 'Another security profile has this name.', ['input', 'name']));
    }
    if ((draft.description ?? '').length > 500) problems.push(new RuleViolation('INVALID_DESCRIPTION', 'Use at most 500 characters.', ['input', 'description']));
    const roleIds = draft.roleIds ?? [];
    if (new Set(roleIds).size !== roleIds.length) problems.push(new RuleViolation('DUPLICATE_ROLE', 'Name each role once.', ['input', 'roleIds']));
    const roles = roleIds.length ? await manager.findBy(Role, { organizationId: actor.organizationId, id: In(roleIds) }) : [];
    const unknown = roleIds.filter((id) => !roles.some((r) => r.id === id));
    if (unknown.length) problems.push(new RuleViolation('ROLE_NOT_FOUND', `No such role in this organization: ${unknown.join(', ')}.`, ['input', 'roleIds']));
    return { problems, roles };
  }

  async create(actor: MemberViewer, draft: ProfileDraft & { name: string }): Promise<AccessControlResult<ProfileRecord>> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      await lockOrganizationNames(manager, actor.organizationId);
      const { problems, roles } = await this.checked(manager, actor, draft, null);
      if (problems.length) return problems;
      if (!permissionsCover(actor.permissions, unionOfGrants(roles.map((r) => toRoleRecord(r).permissions)))) return [exceeds()];
      const profile = Object.assign(new Profile(), { id: randomUUID(), organizationId: actor.organizationId, name: draft.name.trim(), description: (draft.description ?? '').trim(), createdAt: new Date() });
      await manager.insert(Profile, { ...profile });
      if (roles.length) await manager.insert(ProfileRole, roles.map((r) => ({ profileId: profile.id, roleId: r.id, organizationId: actor.organizationId })));
      await recordAccessControlEvent(manager, 'profile.created', { organizationId: actor.organizationId, actorId: actor.accountId, profileId: profile.id, name: profile.name, roles: roles.map((r) => r.name) });
      return (await this.records(manager, [profile]))[0];
    });
    if (Array.isArray(outcome)) return refused(outcome);
    await this.afterCommit();
    return ok(outcome);
  }

  async update(actor: MemberViewer, profileId: string, draft: ProfileDraft): Promise<AccessControlResult<ProfileRecord>> {
    const outcome = await guarded(() => this.dataSource.transaction(async (manager) => {
      if (draft.name != null) await lockOrganizationNames(manager, actor.organizationId);
      const profile = await manager.findOneBy(Profile, { id: profileId, organizationId: actor.organizationId });
      if (!profile) return [notFound()];
      const [before] = await this.records(manager, [profile]);
      const { problems, roles } = await this.checked(manager, actor, draft, profile.id);
      if (problems.length) return problems;
      const after = draft.roleIds ? roles.map((r) => toRoleRecord(r)) : before.roles;
      const cover = (list: RoleRecord[]) => permissionsCover(actor.permissions, unionOfGrants(list.map((r) => r.permissions)));
      if (!cover(before.roles) || !cover(after)) return [exceeds()];
      const changes = { name: draft.name?.trim() || profile.name, description: draft.description == null ? profile.description : draft.description.trim() };
      await manager.update(Profile, { id: profile.id }, changes);
      if (draft.roleIds) {
        const holders = (await manager.find(ProfileAssignment, { where: { profileId: profile.id }, select: { accountId: true } })).map((a) => a.accountId);
        await this.guard.around(manager, actor, { affected: holders, exceeds: exceeds() }, async () => {
          await manager.delete(ProfileRole, { profileId: profile.id });
          if (after.length) await manager.insert(ProfileRole, after.map((r) => ({ profileId: profile.id, roleId: r.id, organizationId: actor.organizationId })));
        });
      }
      await recordAccessControlEvent(manager, 'profile.updated', { organizationId: actor.organizationId, actorId: actor.accountId, profileId: profile.id, name: changes.name, rolesBefore: before.roles.map((r) => r.name), rolesAfter: after.map((r) => r.name) });
      return (await this.records(manager, [{ ...profile, ...changes }]))[0];
    }));
    if (outcome instanceof RuleViolation) return refused(outcome);
    if (Array.isArray(outcome)) return refused(outcome);
    await this.afterCommit();
    return ok(outcome);
  }

  /** Refused while members hold the profile (they would silently lose its roles): revoke it first. */
  async remove(actor: MemberViewer, profileId: string): Promise<AccessControlResult> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<AccessControlViolation | null> => {
      const profile = await manager.findOneBy(Profile, { id: profileId, organizationId: actor.organizationId });
      if (!profile) return notFound();
      const holders = await manager.countBy(ProfileAssignment, { profileId });
      if (holders) return new RuleViolation('PROFILE_IN_USE', `${holders} member(s) hold this profile: revoke it from them first.`, ['input', 'profileId']);
      await manager.delete(ProfileRole, { profileId });
      await manager.delete(Profile, { id: profileId });
      await recordAccessControlEvent(manager, 'profile.deleted', { organizationId: actor.organizationId, actorId: actor.accountId, profileId, name: profile.name });
      return null;
    });
    if (outcome) return refused(outcome);
    await this.afterCommit();
    return ok();
  }

  /** Gives or takes a profile, under the rules of role changes (not yourself, not the first user, no escalation). */
  async change(actor: MemberViewer, profileId: string, userId: string, change: 'ASSIGNED' | 'REVOKED'): Promise<AccessControlResult> {
    if (userId === actor.accountId) return refused(new RuleViolation('SELF_ROLE_CHANGE', 'You cannot change your own roles or profiles.', ['input', 'userId']));
    const outcome = await guarded(() => this.dataSource.transaction(async (manager) => this.apply(manager, actor, profileId, userId, change))).catch((error) => {
      // The same assignment made concurrently: the outcome is the same.
      if (change === 'ASSIGNED' && isUniqueViolation(error)) return 'unchanged' as const;
      throw error;
    });
    if (outcome instanceof RuleViolation) return refused(outcome);
    if (outcome === 'changed') await this.afterCommit();
    return ok();
  }

  private async apply(manager: EntityManager, actor: MemberViewer, profileId: string, userId: string, change: 'ASSIGNED' | 'REVOKED'): Promise<AccessControlViolation | 'changed' | 'unchanged'> {
    const member = await manager.findOneBy(Member, { organizationId: actor.organizationId, accountId: userId });
    if (!member) return new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']);
    if (member.isFirstUser) return new RuleViolation('FIRST_USER_ROLE_LOCKED', 'The first user\'s roles cannot be changed.', ['input', 'userId']);
    const profile = await manager.findOneBy(Profile, { id: profileId, organizationId: actor.organizationId });
    if (!profile) return notFound();
    const [record] = await this.records(manager, [profile]);
    if (!permissionsCover(actor.permissions, unionOfGrants(record.roles.map((r) => r.permissions)))) return exceeds();
    const applied = await this.guard.around(manager, actor, { targets: [userId], exceeds: exceeds() }, async () => {
      const held = await manager.existsBy(ProfileAssignment, { profileId, accountId: userId });
      if (change === 'ASSIGNED' && held) return 'unchanged' as const;
      if (change === 'REVOKED' && !held) return new RuleViolation('PROFILE_NOT_ASSIGNED', 'The user does not hold this profile.', ['input', 'profileId']);
      if (change === 'ASSIGNED') await manager.insert(ProfileAssignment, { profileId, accountId: userId, organizationId: actor.organizationId, assignedBy: actor.accountId, createdAt: new Date() });
      else await manager.delete(ProfileAssignment, { profileId, accountId: userId });
      return 'changed' as const;
    });
    if (applied !== 'changed') return applied;
    await recordAccessControlEvent(manager, change === 'ASSIGNED' ? 'profile.assigned' : 'profile.revoked', { organizationId: actor.organizationId, actorId: actor.accountId, targetId: userId, profileId, name: profile.name });
    return 'changed' as const;
  }
}
