import { DirectoryState, planSync, snapshotProblems } from './directory-plan';

const empty = (): DirectoryState => ({ units: [], directoryMemberships: [], manualMemberships: new Set(), membersByExternalId: new Map(), membersByEmail: new Map() });
let counter = 0;
const newId = () => `u${(counter += 1)}`;

describe('directory snapshot validation', () => {
  it('accepts a well-formed tree', () => {
    expect(snapshotProblems({ units: [{ externalId: 'root', name: 'Company' }, { externalId: 'mkt', name: 'Marketing', parentExternalId: 'root' }], users: [{ externalId: 'a', unitExternalIds: ['mkt'] }] })).toEqual([]);
  });

  it('reports duplicates, unknown parents, unknown units and blank names with their paths', () => {
    const problems = snapshotProblems({
      units: [{ externalId: 'a', name: 'A' }, { externalId: 'a', name: 'Again' }, { externalId: 'b', name: ' ', parentExternalId: 'zzz' }],
      users: [{ externalId: 'x', unitExternalIds: ['nope'] }, { externalId: 'x', unitExternalIds: [] }],
    });
    expect(problems.map((p) => [p.field.join('.'), p.code])).toEqual([
      ['input.units.1.externalId', 'DUPLICATE_UNIT'],
      ['input.units.2.name', 'INVALID_NAME'],
      ['input.units.2.parentExternalId', 'UNKNOWN_PARENT'],
      ['input.users.0.unitExternalIds.0', 'UNKNOWN_UNIT'],
      ['input.users.1.externalId', 'DUPLICATE_USER'],
    ]);
  });

  it('reports a cycle once, and a self-parent', () => {
    const cycle = snapshotProblems({ units: [{ externalId: 'a', name: 'A', parentExternalId: 'c' }, { externalId: 'b', name: 'B', parentExternalId: 'a' }, { externalId: 'c', name: 'C', parentExternalId: 'b' }], users: [] });
    expect(cycle.map((p) => p.code)).toEqual(['CYCLE']);
    expect(snapshotProblems({ units: [{ externalId: 's', name: 'S', parentExternalId: 's' }], users: [] }).map((p) => p.code)).toEqual(['CYCLE']);
  });
});

describe('directory sync plan', () => {
  it('creates, moves, renames and removes units and memberships, and leaves manual memberships alone', () => {
    const state = empty();
    state.units = [
      { id: 'U-root', externalId: 'root', name: 'Company', parentId: null },
      { id: 'U-old', externalId: 'old', name: 'Old team', parentId: 'U-root' },
      { id: 'U-mkt', externalId: 'mkt', name: 'Mktg', parentId: null },
    ];
    state.directoryMemberships = [{ unitId: 'U-old', accountId: 'alice' }];
    state.manualMemberships = new Set(['U-mkt:bob']);
    state.membersByExternalId = new Map([['ext-alice', 'alice']]);
    state.membersByEmail = new Map([['bob@example.com', 'bob']]);
    const plan = planSync(
      {
        units: [{ externalId: 'root', name: 'Company' }, { externalId: 'mkt', name: 'Marketing', parentExternalId: 'root' }, { externalId: 'new', name: 'New', parentExternalId: 'mkt' }],
        users: [{ externalId: 'ext-alice', unitExternalIds: ['mkt'] }, { externalId: 'ext-bob', email: 'Bob@Example.com', unitExternalIds: ['mkt', 'new'] }, { externalId: 'ghost', unitExternalIds: ['root'] }],
      },
      state,
      () => 'U-new',
    );
    expect(plan.unitsToCreate).toEqual([{ id: 'U-new', externalId: 'new', name: 'New', parentId: 'U-mkt' }]);
    expect(plan.unitsToUpdate).toEqual([{ id: 'U-mkt', externalId: 'mkt', name: 'Marketing', parentId: 'U-root' }]);
    expect(plan.unitsToRemove).toEqual([{ id: 'U-old', externalId: 'old', name: 'Old team' }]);
    expect(plan.membershipsToAdd).toEqual([{ unitId: 'U-mkt', accountId: 'alice' }, { unitId: 'U-new', accountId: 'bob' }]);
    expect(plan.membershipsToRemove).toEqual([{ unitId: 'U-old', accountId: 'alice' }]);
    expect(plan.unmatchedUsers).toEqual(['ghost']);
  });

  it('plans nothing when the state already matches', () => {
    const state = empty();
    state.units = [{ id: 'U1', externalId: 'a', name: 'A', parentId: null }];
    state.directoryMemberships = [{ unitId: 'U1', accountId: 'm' }];
    state.membersByExternalId = new Map([['x', 'm']]);
    const plan = planSync({ units: [{ externalId: 'a', name: 'A' }], users: [{ externalId: 'x', unitExternalIds: ['a'] }] }, state, newId);
    expect(plan).toEqual({ unitsToCreate: [], unitsToUpdate: [], unitsToRemove: [], membershipsToAdd: [], membershipsToRemove: [], unmatchedUsers: [] });
  });
});
