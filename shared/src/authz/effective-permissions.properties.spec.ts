import fc from 'fast-check';
import { Area, Capability, Level, allAreas, allCapabilities, levelRank } from './catalogue';
import { PermissionSet, noPermissions, permissionsCover, unionOfGrants } from './effective-permissions';

const levels = [Level.NONE, Level.ACCESS, Level.READ, Level.WRITE];
const grant = fc.record({
  levels: fc.dictionary(fc.constantFrom(...allAreas), fc.constantFrom(...levels)) as fc.Arbitrary<Partial<Record<Area, Level>>>,
  capabilities: fc.uniqueArray(fc.constantFrom(...allCapabilities)) as fc.Arbitrary<Capability[]>,
});
const grants = fc.array(grant, { maxLength: 8 });

/** The obvious, slow way: for each area, look for the strongest level any grant gives. */
function reference(list: PermissionSet[]): PermissionSet {
  const result: PermissionSet = { levels: {}, capabilities: [] };
  for (const area of allAreas) {
    for (const level of [...levels].reverse()) {
      if (level !== Level.NONE && list.some((g) => g.levels[area] === level)) {
        result.levels[area] = level;
        break;
      }
    }
  }
  result.capabilities = allCapabilities.filter((c) => list.some((g) => g.capabilities.includes(c))).sort();
  return result;
}

const same = (a: PermissionSet, b: PermissionSet) => expect(a).toEqual(b);

describe('the union of grants (property-based)', () => {
  it('equals the brute-force reference', () => {
    fc.assert(fc.property(grants, (list) => same(unionOfGrants(list), reference(list))));
  });

  it('is commutative, associative and idempotent, with no permissions as identity', () => {
    fc.assert(
      fc.property(grant, grant, grant, (a, b, c) => {
        same(unionOfGrants([a, b]), unionOfGrants([b, a]));
        same(unionOfGrants([unionOfGrants([a, b]), c]), unionOfGrants([a, unionOfGrants([b, c])]));
        same(unionOfGrants([a, a]), unionOfGrants([a]));
        same(unionOfGrants([a, noPermissions]), unionOfGrants([a]));
      }),
    );
  });

  it('only ever adds: the union covers each part, and covering is the union changing nothing', () => {
    fc.assert(
      fc.property(grants, grant, (list, extra) => {
        const all = unionOfGrants([...list, extra]);
        expect(permissionsCover(all, unionOfGrants(list))).toBe(true);
        expect(permissionsCover(all, unionOfGrants([extra]))).toBe(true);
        const held = unionOfGrants(list);
        const wanted = unionOfGrants([extra]);
        expect(permissionsCover(held, wanted)).toBe(JSON.stringify(unionOfGrants([held, wanted])) === JSON.stringify(held));
      }),
    );
  });

  it('never holds a level below what some grant gives, nor above the strongest', () => {
    fc.assert(
      fc.property(grants, (list) => {
        const union = unionOfGrants(list);
        for (const area of allAreas) {
          const strongest = Math.max(0, ...list.map((g) => levelRank(g.levels[area] ?? Level.NONE)));
          expect(levelRank(union.levels[area] ?? Level.NONE)).toBe(strongest);
        }
      }),
    );
  });
});
