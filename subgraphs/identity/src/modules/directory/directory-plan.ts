import { IdentityErrorCode } from '../../errors/identity-error-code';

/** A directory's export, as Entra ID or Google Workspace would produce it. */
export interface SnapshotUnit {
  externalId: string;
  name: string;
  parentExternalId?: string | null;
}

export interface SnapshotUser {
  externalId: string;
  email?: string | null;
  unitExternalIds: string[];
}

export interface DirectorySnapshotData {
  units: SnapshotUnit[];
  users: SnapshotUser[];
}

export interface SnapshotProblem {
  field: string[];
  code: IdentityErrorCode;
  message: string;
}

/** What the organization holds now, for one directory source. */
export interface DirectoryState {
  units: { id: string; externalId: string; name: string; parentId: string | null }[];
  /** DIRECTORY-managed memberships in this source's units. */
  directoryMemberships: { unitId: string; accountId: string }[];
  /** `unitId:accountId` of MANUAL memberships: a sync neither adds a duplicate nor removes them. */
  manualMemberships: Set<string>;
  /** Members the snapshot's users may be, by external id and by lower-cased e-mail. */
  membersByExternalId: Map<string, string>;
  membersByEmail: Map<string, string>;
}

export interface DirectoryPlan {
  unitsToCreate: { id: string; externalId: string; name: string; parentId: string | null }[];
  unitsToUpdate: { id: string; externalId: string; name: string; parentId: string | null }[];
  unitsToRemove: { id: string; externalId: string; name: string }[];
  membershipsToAdd: { unitId: string; accountId: string }[];
  membershipsToRemove: { unitId: string; accountId: string }[];
  /** External ids of users who match no member of the organization (they are skipped). */
  unmatchedUsers: string[];
}

export const snapshotLimits = { units: 10_000, users: 100_000, unitsPerUser: 100, problems: 100 };

/**
 * Every problem of a snapshot, with the path of the entry at fault: a snapshot with any problem
 * changes nothing. Checks names, duplicates, parents that do not exist, cycles, and users in
 * units that do not exist.
 */
export function snapshotProblems(snapshot: DirectorySnapshotData): SnapshotProblem[] {
  const problems: SnapshotProblem[] = [];
  const add = (field: string[], code: IdentityErrorCode, message: string) => problems.length < snapshotLimits.problems && problems.push({ field, code, message });
  if (snapshot.units.length > snapshotLimits.units) add(['input', 'units'], 'TOO_MANY_UNITS', `A snapshot holds at most ${snapshotLimits.units} units.`);
  if (snapshot.users.length > snapshotLimits.users) add(['input', 'users'], 'TOO_MANY_USERS', `A snapshot holds at most ${snapshotLimits.users} users.`);
  if (problems.length) return problems;
  const parents = new Map<string, string | null>();
  snapshot.units.forEach((unit, i) => {
    const at = ['input', 'units', String(i)];
    if (!unit.externalId.trim() || unit.externalId.length > 255) add([...at, 'externalId'], 'INVALID_EXTERNAL_ID', 'Give an external id of 1 to 255 characters.');
    if (!unit.name.trim() || unit.name.length > 200) add([...at, 'name'], 'INVALID_NAME', 'Give a unit name of 1 to 200 characters.');
    // The first definition of a duplicated id stands; the later one is reported.
    if (parents.has(unit.externalId)) add([...at, 'externalId'], 'DUPLICATE_UNIT', `Unit ${unit.externalId} appears more than once.`);
    else parents.set(unit.externalId, unit.parentExternalId ?? null);
  });
  snapshot.units.forEach((unit, i) => {
    if (unit.parentExternalId && !parents.has(unit.parentExternalId)) {
      add(['input', 'units', String(i), 'parentExternalId'], 'UNKNOWN_PARENT', `No unit ${unit.parentExternalId} in the snapshot.`);
    }
  });
  // A unit whose chain of parents comes back to itself: report each cycle once, at its first unit.
  const state = new Map<string, 'visiting' | 'done'>();
  snapshot.units.forEach((unit, i) => {
    const chain: string[] = [];
    let current: string | null = unit.externalId;
    while (current && parents.has(current) && state.get(current) !== 'done') {
      if (state.get(current) === 'visiting') {
        if (chain[0] === unit.externalId) add(['input', 'units', String(i), 'parentExternalId'], 'CYCLE', `Unit ${unit.externalId} is its own ancestor.`);
        break;
      }
      state.set(current, 'visiting');
      chain.push(current);
      current = parents.get(current) ?? null;
    }
    chain.forEach((id) => state.set(id, 'done'));
  });
  const seenUsers = new Set<string>();
  snapshot.users.forEach((user, i) => {
    const at = ['input', 'users', String(i)];
    if (!user.externalId.trim() || user.externalId.length > 255) add([...at, 'externalId'], 'INVALID_EXTERNAL_ID', 'Give an external id of 1 to 255 characters.');
    if (seenUsers.has(user.externalId)) add([...at, 'externalId'], 'DUPLICATE_USER', `User ${user.externalId} appears more than once.`);
    seenUsers.add(user.externalId);
    if (user.unitExternalIds.length > snapshotLimits.unitsPerUser) add([...at, 'unitExternalIds'], 'TOO_MANY_UNITS', `A user is in at most ${snapshotLimits.unitsPerUser} units.`);
    user.unitExternalIds.forEach((unitId, j) => {
      if (!parents.has(unitId)) add([...at, 'unitExternalIds', String(j)], 'UNKNOWN_UNIT', `No unit ${unitId} in the snapshot.`);
    });
  });
  return problems;
}

/** The changes that make the organization's units of one source match a valid snapshot. */
export function planSync(snapshot: DirectorySnapshotData, state: DirectoryState, newId: () => string): DirectoryPlan {
  const existing = new Map(state.units.map((u) => [u.externalId, u]));
  const idOf = new Map<string, string>(snapshot.units.map((u) => [u.externalId, existing.get(u.externalId)?.id ?? newId()]));
  const plan: DirectoryPlan = { unitsToCreate: [], unitsToUpdate: [], unitsToRemove: [], membershipsToAdd: [], membershipsToRemove: [], unmatchedUsers: [] };
  for (const unit of snapshot.units) {
    const wanted = { id: idOf.get(unit.externalId)!, externalId: unit.externalId, name: unit.name.trim(), parentId: unit.parentExternalId ? idOf.get(unit.parentExternalId)! : null };
    const current = existing.get(unit.externalId);
    if (!current) plan.unitsToCreate.push(wanted);
    else if (current.name !== wanted.name || current.parentId !== wanted.parentId) plan.unitsToUpdate.push(wanted);
  }
  const kept = new Set(snapshot.units.map((u) => u.externalId));
  for (const unit of state.units) if (!kept.has(unit.externalId)) plan.unitsToRemove.push({ id: unit.id, externalId: unit.externalId, name: unit.name });

  const wanted = new Set<string>();
  for (const user of snapshot.users) {
    const accountId = state.membersByExternalId.get(user.externalId) ?? (user.email ? state.membersByEmail.get(user.email.trim().toLowerCase()) : undefined);
    if (!accountId) {
      plan.unmatchedUsers.push(user.externalId);
      continue;
    }
    for (const unitExternalId of new Set(user.unitExternalIds)) wanted.add(`${idOf.get(unitExternalId)}:${accountId}`);
  }
  const held = new Set(state.directoryMemberships.map((m) => `${m.unitId}:${m.accountId}`));
  for (const key of wanted) {
    if (held.has(key) || state.manualMemberships.has(key)) continue;
    const [unitId, accountId] = key.split(':');
    plan.membershipsToAdd.push({ unitId, accountId });
  }
  for (const m of state.directoryMemberships) if (!wanted.has(`${m.unitId}:${m.accountId}`)) plan.membershipsToRemove.push(m);
  return plan;
}

/** True when applying the plan would change nothing. */
export function isEmptyPlan(plan: DirectoryPlan): boolean {
  return !plan.unitsToCreate.length && !plan.unitsToUpdate.length && !plan.unitsToRemove.length && !plan.membershipsToAdd.length && !plan.membershipsToRemove.length;
}
