import { EntityManager } from 'typeorm';
import { Area, Capability, Level, PermissionSet, RuleViolation, levelRank, permissionsCover, unionOfGrants } from '@gatehouse/shared';
import { AccessControlViolation } from '../../errors/access-control-error-code';
import { MemberSources } from './contributions';
import { ALL_SPACES, PermissionSourcesService } from './permission-sources.service';

/** Who makes a change: their organization, account and effective permissions (organization scope). */
export interface ChangeActor {
  organizationId: string;
  accountId: string;
  permissions: PermissionSet;
}

/** Whom a change touches. */
export interface ChangeReach {
  /** Members the change acts on by name (assign to, add to, remove from): they must not hold more than the actor. */
  targets?: readonly string[];
  /** Members whose permissions the change may move without naming them (a group's members, a unit's). */
  affected?: readonly string[];
  /** The violation to answer when someone would gain more than the actor holds. */
  exceeds: AccessControlViolation;
}

/** Thrown inside the change's transaction so that it rolls back; `guarded` turns it into the answer. */
export class PermissionChangeRefused extends Error {
  constructor(readonly violation: AccessControlViolation) {
    super(violation.message);
  }
}

/** A member's permissions per scope: `org` and `space:<id>` for each live space they hold a role in. */
type ScopedPermissions = Map<string, PermissionSet>;

/** What a member holds, and the roles behind it (held directly or through a security profile). */
interface Holding {
  scoped: ScopedPermissions;
  roles: string;
}

const ORGANIZATION = 'org';
const chunkSize = 1000;

/**
 * The one place every change to who may do what goes through (DESIGN.md, "Rules that hold on every
 * path"): nobody changes their own permissions, nobody acts on a member who holds more than they do,
 * and nobody gains more than the actor holds. It compares what each touched member holds, scope by
 * scope and whatever their status (a PENDING member's grants come back on activation), before and
 * after the change, inside the change's own transaction.
 */
export class PermissionChangeGuard {
  constructor(private readonly sources: PermissionSourcesService) {}

  /**
   * Runs `apply` in `manager`'s transaction between the two readings; throws PermissionChangeRefused
   * (rolling the transaction back) when a rule would break.
   */
  async around<T>(manager: EntityManager, actor: ChangeActor, reach: ChangeReach, apply: () => Promise<T>): Promise<T> {
    const targets = [...new Set(reach.targets ?? [])];
    const accounts = [...new Set([actor.accountId, ...targets, ...(reach.affected ?? [])])];
    const before = await this.heldBy(manager, actor.organizationId, accounts);
    for (const target of targets) {
      if (target !== actor.accountId && !permissionsCover(actor.permissions, unionOfGrants(before.get(target)!.scoped.values()))) {
        throw new PermissionChangeRefused(new RuleViolation('TARGET_MORE_PRIVILEGED', 'This user holds permissions you do not have, so you cannot change what they may do.', ['input', 'userId']));
      }
    }
    const result = await apply();
    const after = await this.heldBy(manager, actor.organizationId, accounts);
    for (const account of accounts) {
      const was = before.get(account)!;
      const now = after.get(account)!;
      // Your own roles are not yours to change (the seeds' rule), even when the levels would stay.
      if (account === actor.accountId && (was.roles !== now.roles || changed(was.scoped, now.scoped))) {
        throw new PermissionChangeRefused(new RuleViolation('SELF_PERMISSION_CHANGE', 'This would change your own roles or permissions: ask another admin.', ['input']));
      }
      if (!permissionsCover(actor.permissions, gains(was.scoped, now.scoped))) throw new PermissionChangeRefused(reach.exceeds);
    }
    return result;
  }

  private async heldBy(manager: EntityManager, organizationId: string, accountIds: string[]): Promise<Map<string, Holding>> {
    const held = new Map<string, Holding>();
    for (let i = 0; i < accountIds.length; i += chunkSize) {
      const sources = await this.sources.sourcesOf(organizationId, accountIds.slice(i, i + chunkSize), ALL_SPACES, manager);
      for (const [accountId, memberSources] of sources) held.set(accountId, { scoped: byScope(memberSources), roles: rolesKey(memberSources) });
    }
    return held;
  }
}

/** Turns a refusal thrown by the guard (after its transaction rolled back) into the answer. */
export async function guarded<T>(work: () => Promise<T>): Promise<T | AccessControlViolation> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PermissionChangeRefused) return error.violation;
    throw error;
  }
}

/** The member's roles and profiles, with their scopes, as one comparable string. */
function rolesKey(sources: MemberSources): string {
  return sources.grants
    .map(({ contribution: c }) => (c.kind === 'ROLE' ? `role:${c.roleId}@${c.spaceId ?? ''}` : c.kind === 'PROFILE' ? `profile:${c.profileId}:${c.roleId}` : null))
    .filter((key): key is string => key !== null)
    .sort()
    .join('|');
}

function byScope(sources: MemberSources): ScopedPermissions {
  const spaceOf = (g: MemberSources['grants'][number]) => (g.contribution.kind === 'ROLE' ? g.contribution.spaceId : null);
  const everywhere = sources.grants.filter((g) => !spaceOf(g)).map((g) => g.permissions);
  const scoped: ScopedPermissions = new Map([[ORGANIZATION, unionOfGrants(everywhere)]]);
  for (const spaceId of new Set(sources.grants.map(spaceOf).filter((id): id is string => Boolean(id)))) {
    scoped.set(`space:${spaceId}`, unionOfGrants([...everywhere, ...sources.grants.filter((g) => spaceOf(g) === spaceId).map((g) => g.permissions)]));
  }
  return scoped;
}

/** In a scope a member does not hold a space role in, the organization-wide permissions apply. */
function inScope(held: ScopedPermissions, scope: string): PermissionSet {
  return held.get(scope) ?? held.get(ORGANIZATION)!;
}

/** What `after` holds beyond `before`, in any scope: levels raised and switches turned on. */
export function gains(before: ScopedPermissions, after: ScopedPermissions): PermissionSet {
  const levels: Partial<Record<Area, Level>> = {};
  const capabilities = new Set<Capability>();
  for (const scope of new Set([...before.keys(), ...after.keys()])) {
    const was = inScope(before, scope);
    const now = inScope(after, scope);
    for (const [area, level] of Object.entries(now.levels) as [Area, Level][]) {
      if (levelRank(level) > levelRank(was.levels[area] ?? Level.NONE) && levelRank(level) > levelRank(levels[area] ?? Level.NONE)) levels[area] = level;
    }
    for (const capability of now.capabilities) if (!was.capabilities.includes(capability)) capabilities.add(capability);
  }
  return { levels, capabilities: [...capabilities] };
}

function changed(before: ScopedPermissions, after: ScopedPermissions): boolean {
  const lost = gains(after, before);
  const won = gains(before, after);
  return Object.keys(lost.levels).length + lost.capabilities.length + Object.keys(won.levels).length + won.capabilities.length > 0;
}
