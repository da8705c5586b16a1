import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { chunksOf, PermissionSet, RuleViolation, isUniqueViolation, ok, refused } from '@gatehouse/shared';
import { IdentityResult, IdentityViolation } from '../../errors/identity-error-code';
import { Account } from '../accounts/account.entity';
import { Membership } from '../accounts/membership.entity';
import { DirectoryPlan, DirectorySnapshotData, DirectoryState, planSync, snapshotProblems } from './directory-plan';
import { DirectorySnapshot, DirectorySnapshotChunk } from './directory-snapshot.entity';
import { OrgUnit, UnitSource } from './org-unit.entity';
import { UnitMembership } from './unit-membership.entity';
import { UnitChanges, UnitChangesCheck, recordUnitChanges } from './unit-events';
import { MemberGuard } from '../users/member-guard';
import { recordIdentityEvent } from '../../events';

/** Who changes the directory: an admin (USER, with their permissions) or the identity provider itself (DIRECTORY, e.g. a SCIM token). */
export interface DirectoryActor {
  organizationId: string;
  actorType: 'USER' | 'DIRECTORY';
  actorId: string;
  /** An admin's effective permissions: unit memberships can hand out the grants of linked groups. */
  permissions?: PermissionSet;
}

export type SyncSource = Extract<UnitSource, 'ENTRA_ID' | 'GOOGLE_WORKSPACE'>;

export interface SyncResult {
  plan: DirectoryPlan;
  applied: boolean;
}

const chunkChars = 15_000;
const batch = 500;

/** Ids per IN (…) list. */
const lookupChunk = 1000;
const chunks = <T>(items: T[], size = lookupChunk): T[][] => chunksOf(items, size);

/**
 * Organizational units and who is in them: directory snapshots applied transactionally and
 * idempotently, drift against the last snapshot, and manual memberships that syncs leave alone.
 */
export class DirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly guard: MemberGuard,
    private readonly unitChangesAllowed: UnitChangesCheck,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  /**
   * An admin's change of units or memberships obeys the rules on acting on members and on
   * permissions (through linked groups); the identity provider is trusted with everyone.
   */
  private async refusal(actor: DirectoryActor, changes: UnitChanges, manager: EntityManager): Promise<IdentityViolation | null> {
    if (actor.actorType === 'DIRECTORY') return null;
    const guardActor = { organizationId: actor.organizationId, accountId: actor.actorId, permissions: actor.permissions ?? { levels: {}, capabilities: [] } };
    const named = [...(changes.membershipsAdded ?? []), ...(changes.membershipsRemoved ?? [])].map((m) => m.accountId);
    const refused = await this.guard.mayActOnAll(guardActor, named.filter((id) => id !== actor.actorId), 'UNITS', manager);
    const [first] = refused.values();
    if (first) return refused.size > 1 ? new RuleViolation(first.code, `${first.message} (${refused.size} members: ${[...refused.keys()].slice(0, 10).join(', ')})`, first.field) : first;
    return this.unitChangesAllowed(guardActor, changes);
  }

  /** Validates, plans and (unless a dry run) applies a snapshot in one transaction. */
  async sync(actor: DirectoryActor, source: SyncSource, snapshot: DirectorySnapshotData, dryRun: boolean): Promise<IdentityResult<SyncResult>> {
    const problems = snapshotProblems(snapshot);
    if (problems.length) return refused(problems.map((p) => new RuleViolation(p.code, p.message, p.field)));
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await this.dataSource.transaction(async (manager): Promise<IdentityViolation | SyncResult> => {
          const plan = planSync(snapshot, await this.state(manager, actor.organizationId, source, snapshot), randomUUID);
          const refusal = await this.refusal(actor, { unitsUpserted: [...plan.unitsToCreate, ...plan.unitsToUpdate].map((u) => ({ id: u.id, parentId: u.parentId })), unitsRemoved: plan.unitsToRemove.map((u) => u.id), membershipsAdded: plan.membershipsToAdd, membershipsRemoved: plan.membershipsToRemove }, manager);
          if (refusal) return new RuleViolation(refusal.code, refusal.message, ['input', 'users']);
          if (dryRun) return { plan, applied: false };
          await this.apply(manager, actor.organizationId, source, plan);
          await this.saveSnapshot(manager, actor.organizationId, source, snapshot);
          await recordIdentityEvent(manager, 'directory.synced', { organizationId: actor.organizationId, actorType: actor.actorType, actorId: actor.actorId, source, summary: summaryOf(plan) });
          return { plan, applied: true };
        });
        if (result instanceof RuleViolation) return refused(result);
        if (result.applied) await this.afterCommit();
        return ok(result);
      } catch (error) {
        // A concurrent sync of the same organization created the same rows first: plan again against its result.
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }

  /** What a sync of the last snapshot would change now: the drift since that sync. Null before any sync. */
  async drift(organizationId: string, source: SyncSource): Promise<{ syncedAt: Date; plan: DirectoryPlan } | null> {
    const snapshot = await this.dataSource.getRepository(DirectorySnapshot).findOneBy({ organizationId, source });
    if (!snapshot) return null;
    const parts = await this.dataSource.getRepository(DirectorySnapshotChunk).find({ where: { snapshotId: snapshot.id }, order: { position: 'ASC' } });
    const data = JSON.parse(parts.map((p) => p.data).join('')) as DirectorySnapshotData;
    const plan = planSync(data, await this.state(this.dataSource.manager, organizationId, source, data), randomUUID);
    return { syncedAt: snapshot.syncedAt, plan };
  }

  private async state(manager: EntityManager, organizationId: string, source: UnitSource, snapshot: DirectorySnapshotData): Promise<DirectoryState> {
    const units = await manager.find(OrgUnit, { where: { organizationId, source } });
    const memberships = await manager
      .createQueryBuilder(UnitMembership, 'um')
      .innerJoin(OrgUnit, 'u', 'u.id = um.unitId')
      .select(['um.unitId', 'um.accountId', 'um.managedBy'])
      .where('u.organizationId = :organizationId AND u.source = :source', { organizationId, source })
      .getMany();
    const membersByExternalId = new Map<string, string>();
    const membersByEmail = new Map<string, string>();
    const members = (column: 'externalId' | 'emailNormalized', values: string[]) =>
      manager
        .createQueryBuilder(Account, 'a')
        .innerJoin(Membership, 'm', 'm.accountId = a.id AND m.organizationId = :organizationId', { organizationId })
        .select(['a.id', `a.${column}`])
        .where(`a.${column} IN (:...values)`, { values })
        .getMany();
    for (const part of chunks(snapshot.users.map((u) => u.externalId))) for (const a of await members('externalId', part)) membersByExternalId.set(a.externalId!, a.id);
    const emails = snapshot.users.map((u) => u.email?.trim().toLowerCase()).filter((e): e is string => Boolean(e));
    for (const part of chunks(emails)) for (const a of await members('emailNormalized', part)) membersByEmail.set(a.emailNormalized, a.id);
    return {
      units: units.map((u) => ({ id: u.id, externalId: u.externalId!, name: u.name, parentId: u.parentId })),
      directoryMemberships: memberships.filter((m) => m.managedBy === 'DIRECTORY').map((m) => ({ unitId: m.unitId, accountId: m.accountId })),
      manualMemberships: new Set(memberships.filter((m) => m.managedBy === 'MANUAL').map((m) => `${m.unitId}:${m.accountId}`)),
      membersByExternalId,
      membersByEmail,
    };
  }

  private async apply(manager: EntityManager, organizationId: string, source: UnitSource, plan: DirectoryPlan): Promise<void> {
    const now = new Date();
    for (const part of chunks(plan.unitsToCreate, batch)) {
      await manager.insert(OrgUnit, part.map((u) => ({ ...u, organizationId, source, createdAt: now })));
    }
    for (const unit of plan.unitsToUpdate) await manager.update(OrgUnit, { id: unit.id }, { name: unit.name, parentId: unit.parentId });
    const removed = new Set(plan.unitsToRemove.map((u) => u.id));
    const orphaned: { id: string; parentId: null }[] = [];
    for (const part of chunks([...removed])) {
      const children = await manager.find(OrgUnit, { where: { organizationId, parentId: In(part) }, select: { id: true } });
      orphaned.push(...children.filter((c) => !removed.has(c.id)).map((c) => ({ id: c.id, parentId: null })));
      await manager.delete(UnitMembership, { unitId: In(part) });
      // Hand-made units hung under a removed one become roots rather than orphans.
      await manager.update(OrgUnit, { organizationId, parentId: In(part) }, { parentId: null });
      await manager.delete(OrgUnit, { id: In(part) });
    }
    for (const part of chunks(plan.membershipsToAdd, batch)) {
      await manager.insert(UnitMembership, part.map((m) => ({ id: randomUUID(), organizationId, unitId: m.unitId, accountId: m.accountId, managedBy: 'DIRECTORY' as const, createdAt: now })));
    }
    for (const m of plan.membershipsToRemove) await manager.delete(UnitMembership, { unitId: m.unitId, accountId: m.accountId, managedBy: 'DIRECTORY' });
    await recordUnitChanges(manager, organizationId, {
      unitsUpserted: [...plan.unitsToCreate, ...plan.unitsToUpdate].map((u) => ({ id: u.id, parentId: u.parentId })).concat(orphaned),
      unitsRemoved: plan.unitsToRemove.map((u) => u.id),
      membershipsAdded: plan.membershipsToAdd,
      membershipsRemoved: plan.membershipsToRemove,
    });
  }

  private async saveSnapshot(manager: EntityManager, organizationId: string, source: UnitSource, snapshot: DirectorySnapshotData): Promise<void> {
    const previous = await manager.findOneBy(DirectorySnapshot, { organizationId, source });
    if (previous) {
      await manager.delete(DirectorySnapshotChunk, { snapshotId: previous.id });
      await manager.delete(DirectorySnapshot, { id: previous.id });
    }
    const id = randomUUID();
    await manager.insert(DirectorySnapshot, { id, organizationId, source, syncedAt: new Date() });
    const json = JSON.stringify(snapshot);
    const pieces: { snapshotId: string; position: number; data: string }[] = [];
    for (let i = 0; i * chunkChars < json.length; i += 1) pieces.push({ snapshotId: id, position: i, data: json.slice(i * chunkChars, (i + 1) * chunkChars) });
    for (const part of chunks(pieces, 50)) await manager.insert(DirectorySnapshotChunk, part);
  }

  /** Every unit of the organization (a tree of at most tens of thousands; clients render it). */
  async units(organizationId: string): Promise<OrgUnit[]> {
    return this.dataSource.getRepository(OrgUnit).find({ where: { organizationId }, order: { name: 'ASC' } });
  }

  async membershipsOf(organizationId: string, accountIds: readonly string[]): Promise<UnitMembership[]> {
    return this.dataSource.getRepository(UnitMembership).findBy({ organizationId, accountId: In([...accountIds]) });
  }

  async memberCounts(organizationId: string): Promise<Map<string, number>> {
    const rows = await this.dataSource
      .getRepository(UnitMembership)
      .createQueryBuilder('um')
      .select('um.unitId', 'unitId')
      .addSelect('COUNT(*)', 'n')
      .where('um.organizationId = :organizationId', { organizationId })
      .groupBy('um.unitId')
      .getRawMany<{ unitId: string; n: string | number }>();
    return new Map(rows.map((r) => [r.unitId, Number(r.n)]));
  }

  /** A unit made by hand (organizations without a directory, or teams the directory does not know). */
  async createUnit(actor: DirectoryActor, name: string, parentId: string | null): Promise<IdentityResult<OrgUnit>> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) return refused(new RuleViolation('INVALID_NAME', 'Give a unit name of 1 to 200 characters.', ['input', 'name']));
    if (parentId && !(await this.dataSource.getRepository(OrgUnit).existsBy({ id: parentId, organizationId: actor.organizationId }))) {
      return refused(new RuleViolation('UNIT_NOT_FOUND', 'No such parent unit in this organization.', ['input', 'parentId']));
    }
    const unit = Object.assign(new OrgUnit(), { id: randomUUID(), organizationId: actor.organizationId, name: trimmed, parentId, externalId: null, source: 'MANUAL' as const, createdAt: new Date() });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(OrgUnit, { ...unit });
      await recordUnitChanges(manager, actor.organizationId, { unitsUpserted: [{ id: unit.id, parentId }] });
    });
    await this.afterCommit();
    return ok(unit);
  }

  /** Adds a member to a unit by hand; such memberships survive every sync. */
  async addMember(actor: DirectoryActor, unitId: string, accountId: string): Promise<IdentityResult> {
    return this.changeMembership(actor, unitId, accountId, 'ADDED');
  }

  /** Removes a hand-made membership; the directory's own are read-only here. */
  async removeMember(actor: DirectoryActor, unitId: string, accountId: string): Promise<IdentityResult> {
    return this.changeMembership(actor, unitId, accountId, 'REMOVED');
  }

  private async changeMembership(actor: DirectoryActor, unitId: string, accountId: string, change: 'ADDED' | 'REMOVED'): Promise<IdentityResult> {
    const { organizationId } = actor;
    if (!(await this.dataSource.getRepository(OrgUnit).existsBy({ id: unitId, organizationId }))) return refused(new RuleViolation('UNIT_NOT_FOUND', 'No such unit in this organization.', ['input', 'unitId']));
    if (!(await this.dataSource.getRepository(Membership).existsBy({ organizationId, accountId }))) return refused(new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']));
    const existing = await this.dataSource.getRepository(UnitMembership).findOneBy({ unitId, accountId });
    if (change === 'ADDED' && existing) return refused(new RuleViolation('ALREADY_A_MEMBER', 'The user is already in this unit.', ['input', 'userId']));
    if (change === 'REMOVED' && !existing) return refused(new RuleViolation('NOT_A_MEMBER', 'The user is not in this unit.', ['input', 'userId']));
    if (change === 'REMOVED' && existing!.managedBy === 'DIRECTORY') {
      return refused(new RuleViolation('DIRECTORY_MANAGED', 'This membership comes from the identity provider: change it there (or in the directory sync settings).', ['input', 'userId']));
    }
    const refusal = await this.refusal(actor, change === 'ADDED' ? { membershipsAdded: [{ unitId, accountId }] } : { membershipsRemoved: [{ unitId, accountId }] }, this.dataSource.manager);
    if (refusal) return refused(refusal.field?.[1] === 'userId' ? refusal : new RuleViolation(refusal.code, refusal.message, ['input', 'unitId']));
    try {
      await this.dataSource.transaction(async (manager) => {
        if (change === 'ADDED') await manager.insert(UnitMembership, { id: randomUUID(), organizationId, unitId, accountId, managedBy: 'MANUAL', createdAt: new Date() });
        else await manager.delete(UnitMembership, { id: existing!.id });
        await recordIdentityEvent(manager, 'unit_membership.changed', { organizationId, accountId, unitId, change, managedBy: 'MANUAL', actorType: actor.actorType, actorId: actor.actorId });
        await recordUnitChanges(manager, organizationId, change === 'ADDED' ? { membershipsAdded: [{ unitId, accountId }] } : { membershipsRemoved: [{ unitId, accountId }] });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return refused(new RuleViolation('ALREADY_A_MEMBER', 'The user is already in this unit.', ['input', 'userId']));
      throw error;
    }
    await this.afterCommit();
    return ok();
  }
}

/** Counts for the payload, the audit log and drift. */
export function summaryOf(plan: DirectoryPlan) {
  return {
    unitsCreated: plan.unitsToCreate.length,
    unitsUpdated: plan.unitsToUpdate.length,
    unitsRemoved: plan.unitsToRemove.length,
    membershipsAdded: plan.membershipsToAdd.length,
    membershipsRemoved: plan.membershipsToRemove.length,
    unmatchedUserCount: plan.unmatchedUsers.length,
  };
}

