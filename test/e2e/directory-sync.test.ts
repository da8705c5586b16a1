import { SeededMember, SeededOrganization, errorCodes } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const sync = `mutation($input: SyncDirectoryInput!) {
  syncDirectory(input: $input) {
    applied
    summary { unitsCreated unitsUpdated unitsRemoved membershipsAdded membershipsRemoved unmatchedUserCount unmatchedUsers }
    userErrors { field code message }
  }
}`;
const unitsOf = `query($id: ID!) { user(id: $id) { units { unit { name path source externalId } managedBy editable } } }`;
const tree = '{ organizationalUnits { id name path source externalId memberCount } }';

type Unit = { externalId: string; name: string; parentExternalId?: string };
type DirUser = { externalId: string; email?: string; unitExternalIds: string[] };

describe('organizational units and directory sync', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let alice: SeededMember;
  let bob: SeededMember;
  const snapshot = (units: Unit[], users: DirUser[], extra: Record<string, unknown> = {}) => ({ input: { source: 'ENTRA_ID', units, users, ...extra } });
  const baseUnits: Unit[] = [
    { externalId: 'ou-root', name: 'Company' },
    { externalId: 'ou-mkt', name: 'Marketing Division', parentExternalId: 'ou-root' },
    { externalId: 'ou-eng', name: 'Engineering', parentExternalId: 'ou-root' },
  ];
  const baseUsers = (): DirUser[] => [
    { externalId: 'entra-alice', email: alice.email.toUpperCase(), unitExternalIds: ['ou-mkt'] },
    { externalId: 'entra-bob', email: bob.email, unitExternalIds: ['ou-eng', 'ou-mkt'] },
    { externalId: 'entra-nobody', email: 'nobody@example.com', unitExternalIds: ['ou-root'] },
  ];
  const unitState = async () => ((await t.gql(tree, {}, acme.admin.token)).data!.organizationalUnits as { path: string[]; memberCount: number }[]).map((u) => `${u.path.join('/')}:${u.memberCount}`);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    alice = await acme.member(null, 'Alice');
    bob = await acme.member(null, 'Bob');
  });
  afterAll(() => t.stop());

  it('a dry run reports the changes and makes none', async () => {
    const response = await t.gql(sync, snapshot(baseUnits, baseUsers(), { dryRun: true }), acme.admin.token);
    expect(response.data!.syncDirectory).toMatchObject({ applied: false, summary: { unitsCreated: 3, membershipsAdded: 3 } });
    expect(await unitState()).toEqual([]);
  });

  it('creates the tree and the directory memberships, matching users by e-mail, and skips unknown users', async () => {
    const response = await t.gql(sync, snapshot(baseUnits, baseUsers()), acme.admin.token);
    expect(response.data!.syncDirectory).toEqual({
      applied: true,
      summary: { unitsCreated: 3, unitsUpdated: 0, unitsRemoved: 0, membershipsAdded: 3, membershipsRemoved: 0, unmatchedUserCount: 1, unmatchedUsers: ['entra-nobody'] },
      userErrors: [],
    });
    expect(await unitState()).toEqual(['Company:0', 'Company/Engineering:1', 'Company/Marketing Division:2']);
    const bobs = await t.gql(unitsOf, { id: bob.accountId }, acme.admin.token);
    expect(bobs.data!.user.units).toEqual([
      { unit: { name: 'Engineering', path: ['Company', 'Engineering'], source: 'ENTRA_ID', externalId: 'ou-eng' }, managedBy: 'DIRECTORY', editable: false },
      { unit: { name: 'Marketing Division', path: ['Company', 'Marketing Division'], source: 'ENTRA_ID', externalId: 'ou-mkt' }, managedBy: 'DIRECTORY', editable: false },
    ]);
  });

  it('the same snapshot twice changes nothing', async () => {
    const before = await t.stack.apps.identity.dataSource.query('SELECT id, name, parentId FROM org_unit ORDER BY id');
    const response = await t.gql(sync, snapshot(baseUnits, baseUsers()), acme.admin.token);
    expect(response.data!.syncDirectory.summary).toMatchObject({ unitsCreated: 0, unitsUpdated: 0, unitsRemoved: 0, membershipsAdded: 0, membershipsRemoved: 0 });
    expect(await t.stack.apps.identity.dataSource.query('SELECT id, name, parentId FROM org_unit ORDER BY id')).toEqual(before);
  });

  it('directory memberships are read-only; manual ones can be added and removed, and survive a sync', async () => {
    const units = (await t.gql(tree, {}, acme.admin.token)).data!.organizationalUnits as { id: string; externalId: string }[];
    const eng = units.find((u) => u.externalId === 'ou-eng')!.id;
    const mkt = units.find((u) => u.externalId === 'ou-mkt')!.id;
    const remove = await t.gql('mutation($input: UnitMemberInput!) { removeUnitMember(input: $input) { userErrors { code } } }', { input: { unitId: eng, userId: bob.accountId } }, acme.admin.token);
    expect(remove.data!.removeUnitMember.userErrors.map((e: { code: string }) => e.code)).toEqual(['DIRECTORY_MANAGED']);
    const add = await t.gql('mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { user { units { unit { name } managedBy editable } } userErrors { code } } }', { input: { unitId: eng, userId: alice.accountId } }, acme.admin.token);
    expect(add.data!.addUnitMember.userErrors).toEqual([]);
    expect(add.data!.addUnitMember.user.units).toContainEqual({ unit: { name: 'Engineering' }, managedBy: 'MANUAL', editable: true });
    // The directory moves Alice out of Marketing and Bob out of Engineering; Alice's manual Engineering membership stays.
    const moved = baseUsers().map((u) => (u.externalId === 'entra-alice' ? { ...u, unitExternalIds: [] } : u.externalId === 'entra-bob' ? { ...u, unitExternalIds: ['ou-mkt'] } : u));
    const response = await t.gql(sync, snapshot(baseUnits, moved), acme.admin.token);
    expect(response.data!.syncDirectory.summary).toMatchObject({ membershipsAdded: 0, membershipsRemoved: 2 });
    const alices = await t.gql(unitsOf, { id: alice.accountId }, acme.admin.token);
    expect(alices.data!.user.units.map((u: { unit: { name: string }; managedBy: string }) => `${u.unit.name}:${u.managedBy}`)).toEqual(['Engineering:MANUAL']);
    expect(mkt).toBeDefined();
  });

  it('renames, moves and removes units', async () => {
    const units: Unit[] = [
      { externalId: 'ou-root', name: 'Acme Corp' },
      { externalId: 'ou-mkt', name: 'Marketing Division', parentExternalId: 'ou-eng' },
      { externalId: 'ou-eng', name: 'Engineering', parentExternalId: 'ou-root' },
    ];
    const renamed = await t.gql(sync, snapshot(units, baseUsers()), acme.admin.token);
    expect(renamed.data!.syncDirectory.summary).toMatchObject({ unitsUpdated: 2, unitsRemoved: 0 });
    expect(await unitState()).toContain('Acme Corp/Engineering/Marketing Division:2');
    const removed = await t.gql(sync, snapshot(units.slice(0, 1), [{ externalId: 'entra-alice', unitExternalIds: [] }]), acme.admin.token);
    expect(removed.data!.syncDirectory.summary).toMatchObject({ unitsRemoved: 2, membershipsRemoved: 3 });
    expect(await unitState()).toEqual(['Acme Corp:0']);
  });

  it('a bad snapshot changes nothing and says which entries are wrong', async () => {
    const before = await unitState();
    const response = await t.gql(
      sync,
      snapshot(
        [{ externalId: 'a', name: 'A', parentExternalId: 'c' }, { externalId: 'b', name: 'B', parentExternalId: 'a' }, { externalId: 'c', name: 'C', parentExternalId: 'b' }, { externalId: 'd', name: '', parentExternalId: 'missing' }, { externalId: 'a', name: 'A again' }],
        [{ externalId: 'u1', unitExternalIds: ['zzz'] }],
      ),
      acme.admin.token,
    );
    const payload = response.data!.syncDirectory;
    expect(payload.applied).toBe(false);
    expect(payload.summary).toBeNull();
    expect(payload.userErrors.map((e: { field: string[]; code: string }) => `${e.field.join('.')}:${e.code}`)).toEqual([
      'input.units.3.name:INVALID_NAME',
      'input.units.4.externalId:DUPLICATE_UNIT',
      'input.units.3.parentExternalId:UNKNOWN_PARENT',
      'input.units.0.parentExternalId:CYCLE',
      'input.users.0.unitExternalIds.0:UNKNOWN_UNIT',
    ]);
    expect(await unitState()).toEqual(before);
  });

  it('drift shows what changed since the last snapshot: a member who matches it now', async () => {
    const units: Unit[] = [{ externalId: 'ou-root', name: 'Acme Corp' }, { externalId: 'ou-sales', name: 'Sales', parentExternalId: 'ou-root' }];
    const carolEmail = `carol.${Date.now()}@example.com`;
    await t.gql(sync, snapshot(units, [{ externalId: 'entra-carol', email: carolEmail, unitExternalIds: ['ou-sales'] }]), acme.admin.token);
    const query = '{ directoryDrift(source: ENTRA_ID) { inSync summary { membershipsAdded unmatchedUserCount } membershipsMissing { user { email } } lastSyncedAt } }';
    expect((await t.gql(query, {}, acme.admin.token)).data!.directoryDrift).toMatchObject({ inSync: true, summary: { membershipsAdded: 0, unmatchedUserCount: 1 } });
    await t.seed.signUp({ email: carolEmail, name: 'Carol' });
    const drift = (await t.gql(query, {}, acme.admin.token)).data!.directoryDrift;
    expect(drift).toMatchObject({ inSync: false, summary: { membershipsAdded: 1, unmatchedUserCount: 0 }, membershipsMissing: [{ user: { email: carolEmail } }] });
    expect((await t.gql('{ directoryDrift(source: GOOGLE_WORKSPACE) { inSync } }', {}, acme.admin.token)).data!.directoryDrift).toBeNull();
  });

  it('only member administrators sync or read drift; units never leak across organizations', async () => {
    const viewer = await acme.member('VIEWER', 'Vic');
    expect(errorCodes(await t.gql(sync, snapshot([], []), viewer.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql('{ directoryDrift(source: ENTRA_ID) { inSync } }', {}, viewer.token))).toEqual(['FORBIDDEN']);
    const globex = await t.seed.organization('Globex');
    expect((await t.gql(tree, {}, globex.admin.token)).data!.organizationalUnits).toEqual([]);
  });

  it('syncs are in the audit log with their summary', async () => {
    const log = await t.gql('{ auditLog(filter: { actions: [DIRECTORY_SYNCED] }) { totalCount edges { node { actorId details } } } }', {}, acme.admin.token);
    expect(log.data!.auditLog.totalCount).toBe(6);
    expect(log.data!.auditLog.edges.at(-1).node).toMatchObject({ actorId: acme.admin.accountId, details: { source: 'ENTRA_ID', summary: { unitsCreated: 3, membershipsAdded: 3 } } });
  });
});
