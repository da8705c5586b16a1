import { Area, Level, PermissionSet, levelRank, noPermissions, unionOfGrants } from '@gatehouse/shared';

/** Where a grant comes from: the answer `explainAccess` gives, one entry per source. */
export type Contribution =
  | { kind: 'ROLE'; roleId: string; roleName: string; roleKey: string | null; spaceId: string | null }
  | { kind: 'PROFILE'; profileId: string; profileName: string; roleId: string; roleName: string }
  | { kind: 'GROUP'; groupId: string; groupName: string }
  | { kind: 'UNIT_LINK'; groupId: string; groupName: string; unitId: string }
  | { kind: 'DEFAULT' };

export interface SourcedGrant {
  contribution: Contribution;
  permissions: PermissionSet;
}

/** Everything that gives one member permissions in one scope. */
export interface MemberSources {
  accountId: string;
  /** A member of the organization at all (PENDING included). */
  isMember: boolean;
  /** PENDING members and strangers have nothing, whatever they hold. */
  active: boolean;
  grants: SourcedGrant[];
  /** Units the member is in, and every unit above them (resource access lists name units). */
  units: string[];
}

/** Effective permissions: the most permissive union of every source (DESIGN.md §3.2). */
export function effectiveOf(sources: MemberSources): PermissionSet {
  return sources.active ? unionOfGrants(sources.grants.map((g) => g.permissions)) : noPermissions;
}

/** The effective level in one area, and every source that grants something there. */
export function explain(sources: MemberSources, area: Area): { level: Level; contributions: { contribution: Contribution; level: Level }[] } {
  const contributions = sources.grants
    .map((g) => ({ contribution: g.contribution, level: g.permissions.levels[area] ?? Level.NONE }))
    .filter((c) => c.level !== Level.NONE)
    .sort((a, b) => levelRank(b.level) - levelRank(a.level));
  if (!sources.active) return { level: Level.NONE, contributions };
  return { level: contributions[0]?.level ?? Level.NONE, contributions };
}
