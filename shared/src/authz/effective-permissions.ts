import { Area, Capability, Level, maxLevel } from './catalogue';

/** What a viewer may do: the most permissive level per area and the capabilities switched on. */
export interface PermissionSet {
  levels: Partial<Record<Area, Level>>;
  capabilities: Capability[];
}

export const noPermissions: PermissionSet = Object.freeze({ levels: {}, capabilities: [] }) as PermissionSet;

/** The most permissive union of several grants: the highest level per area, every capability. */
export function unionOfGrants(grants: Iterable<{ levels: Partial<Record<Area, Level>>; capabilities: readonly Capability[] }>): PermissionSet {
  const levels: Partial<Record<Area, Level>> = {};
  const capabilities = new Set<Capability>();
  for (const grant of grants) {
    for (const [area, level] of Object.entries(grant.levels) as [Area, Level][]) {
      levels[area] = maxLevel(levels[area] ?? Level.NONE, level);
    }
    grant.capabilities.forEach((c) => capabilities.add(c));
  }
  for (const area of Object.keys(levels) as Area[]) if (levels[area] === Level.NONE) delete levels[area];
  return { levels, capabilities: [...capabilities].sort() };
}

/** True when every level and capability of `wanted` is covered by `held` (no privilege escalation). */
export function permissionsCover(held: PermissionSet, wanted: PermissionSet): boolean {
  const union = unionOfGrants([held, wanted]);
  return (
    Object.entries(union.levels).every(([area, level]) => held.levels[area as Area] === level) &&
    union.capabilities.length === held.capabilities.length
  );
}
