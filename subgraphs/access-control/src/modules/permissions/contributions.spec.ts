import fc from 'fast-check';
import { Area, Capability, Level, PermissionSet, allAreas, allCapabilities, levelRank } from '@gatehouse/shared';
import { Contribution, MemberSources, effectiveOf, explain } from './contributions';

const permissionSet = fc.record({
  levels: fc.dictionary(fc.constantFrom(...allAreas), fc.constantFrom(Level.ACCESS, Level.READ, Level.WRITE)) as fc.Arbitrary<Partial<Record<Area, Level>>>,
  capabilities: fc.uniqueArray(fc.constantFrom(...allCapabilities)) as fc.Arbitrary<Capability[]>,
}) as fc.Arbitrary<PermissionSet>;
const contribution: fc.Arbitrary<Contribution> = fc.oneof(
  fc.record({ kind: fc.constant('ROLE' as const), roleId: fc.uuid(), roleName: fc.string(), roleKey: fc.constant(null), spaceId: fc.option(fc.uuid(), { nil: null }) }),
  fc.record({ kind: fc.constant('GROUP' as const), groupId: fc.uuid(), groupName: fc.string() }),
  fc.constant({ kind: 'DEFAULT' as const }),
);
const sources: fc.Arbitrary<MemberSources> = fc.record({
  accountId: fc.uuid(),
  isMember: fc.constant(true),
  active: fc.boolean(),
  grants: fc.array(fc.record({ contribution, permissions: permissionSet }), { maxLength: 10 }),
  units: fc.constant([]),
});

describe('effective permissions and their explanation (property-based)', () => {
  it('explainAccess gives exactly the effective level, and names every source granting something', () => {
    fc.assert(
      fc.property(sources, fc.constantFrom(...allAreas), (member, area) => {
        const explained = explain(member, area);
        expect(explained.level).toBe(effectiveOf(member).levels[area] ?? Level.NONE);
        const granting = member.grants.filter((g) => (g.permissions.levels[area] ?? Level.NONE) !== Level.NONE);
        expect(explained.contributions).toHaveLength(granting.length);
        const ranks = explained.contributions.map((c) => levelRank(c.level));
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      }),
    );
  });

  it('an inactive (PENDING) member has nothing, whatever they hold', () => {
    fc.assert(fc.property(sources, (member) => expect(effectiveOf({ ...member, active: false })).toEqual({ levels: {}, capabilities: [] })));
  });
});
