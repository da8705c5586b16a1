import { OrgUnitType } from './directory.types';
import { OrgUnit } from './org-unit.entity';

/** Units with the names from their root down (cycles cannot arise: syncs reject them, manual units only hang under existing ones). */
export function unitTree(units: OrgUnit[], memberCounts: Map<string, number>): Map<string, OrgUnitType> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const paths = new Map<string, string[]>();
  const pathOf = (unit: OrgUnit, depth = 0): string[] => {
    const known = paths.get(unit.id);
    if (known) return known;
    const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
    const path = parent && depth < 100 ? [...pathOf(parent, depth + 1), unit.name] : [unit.name];
    paths.set(unit.id, path);
    return path;
  };
  return new Map(
    units.map((u) => [u.id, { id: u.id, name: u.name, parentId: u.parentId, path: pathOf(u), externalId: u.externalId, source: u.source, memberCount: memberCounts.get(u.id) ?? 0 }]),
  );
}
