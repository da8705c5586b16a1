import { Area, Level } from './catalogue';
import { Viewer, viewerCan } from '../server/viewer';

/**
 * What a field requires, as data: a policy file maps every field to one of these. The same value
 * is turned into a graphql-shield rule and printed into the permissions table.
 */
export type Requirement =
  | { kind: 'public' }
  | { kind: 'system' }
  | { kind: 'authenticated' }
  | { kind: 'activeMember' }
  | { kind: 'can'; area: Area; level: Level }
  | { kind: 'self'; idField: string }
  | { kind: 'selfArgument'; argument: string }
  | { kind: 'parent' }
  | { kind: 'or'; of: Requirement[] }
  | { kind: 'and'; of: Requirement[] };

/** Anyone, signed in or not (sign-up, log-in). */
export const isPublic: Requirement = { kind: 'public' };
/** Only another Gatehouse service (internal calls). */
export const isSystem: Requirement = { kind: 'system' };
/** Any signed-in member, PENDING included (the activation-pending screen needs it). */
export const authenticated: Requirement = { kind: 'authenticated' };
/** A signed-in member whose membership is ACTIVE, or an organization's API key. */
export const activeMember: Requirement = { kind: 'activeMember' };

/** An ACTIVE member holding at least `level` in `area`. */
export function can(area: Area, level: Level): Requirement {
  return { kind: 'can', area, level };
}

/** The parent object is the viewer's own account (`parent[idField] === viewer.accountId`). */
export function isSelf(idField = 'id'): Requirement {
  return { kind: 'self', idField };
}

/**
 * The field's `argument` names the viewer's own account (`user(id:)` with one's own id is `viewer`
 * by another name). A person only: an API key is nobody's self.
 */
export function isSelfArgument(argument = 'id'): Requirement {
  return { kind: 'selfArgument', argument };
}

/**
 * Decided by the guarded field that returned the object: for value types only (a grant, a page's
 * info, a connection's edges), never a root or entity type, which a request reaches directly. Such
 * fields are left unwrapped by shield, which is most of its per-field cost on long lists.
 */
export const asParent: Requirement = { kind: 'parent' };

export function or(...of: Requirement[]): Requirement {
  return { kind: 'or', of };
}

export function and(...of: Requirement[]): Requirement {
  return { kind: 'and', of };
}

/** True when the requirement looks at the parent object or the field's arguments, so its answer cannot be cached per request. */
export function dependsOnParent(requirement: Requirement): boolean {
  if (requirement.kind === 'self' || requirement.kind === 'selfArgument') return true;
  if (requirement.kind === 'or' || requirement.kind === 'and') return requirement.of.some(dependsOnParent);
  return false;
}

/**
 * What a requirement says for `viewer` whatever the parent object and arguments: true or false
 * when the viewer alone decides it, undefined when the parent or the arguments still matter
 * (`or(isSelf(), can(...))` is true for a viewer holding the level, undefined for one who does not).
 */
export function decidedByViewer(requirement: Requirement, viewer: Viewer): boolean | undefined {
  switch (requirement.kind) {
    case 'self':
    case 'selfArgument':
      // Only a person has a self: for anyone else the answer is known.
      return viewer.kind === 'member' ? undefined : false;
    case 'or': {
      const answers = requirement.of.map((r) => decidedByViewer(r, viewer));
      if (answers.includes(true)) return true;
      return answers.every((a) => a === false) ? false : undefined;
    }
    case 'and': {
      const answers = requirement.of.map((r) => decidedByViewer(r, viewer));
      if (answers.includes(false)) return false;
      return answers.every((a) => a === true) ? true : undefined;
    }
    default:
      return satisfies(requirement, viewer, null);
  }
}

/** A stable, readable name: the rule's cache key and its line in the permissions table. */
export function describeRequirement(requirement: Requirement): string {
  switch (requirement.kind) {
    case 'public':
      return 'public';
    case 'system':
      return 'system';
    case 'authenticated':
      return 'authenticated';
    case 'activeMember':
      return 'activeMember';
    case 'parent':
      return 'asParent';
    case 'can':
      return `can(${requirement.area}, ${requirement.level})`;
    case 'self':
      return requirement.idField === 'id' ? 'isSelf' : `isSelf(${requirement.idField})`;
    case 'selfArgument':
      return `isSelfArgument(${requirement.argument})`;
    case 'or':
      return `or(${requirement.of.map(describeRequirement).join(', ')})`;
    case 'and':
      return `and(${requirement.of.map(describeRequirement).join(', ')})`;
  }
}

/** Decides a requirement for a viewer and (for `self`) the parent object or (for `selfArgument`) the field's arguments. */
export function satisfies(requirement: Requirement, viewer: Viewer, parent: unknown, args: Record<string, unknown> = {}): boolean {
  switch (requirement.kind) {
    case 'public':
      return true;
    case 'system':
      return viewer.kind === 'system';
    case 'authenticated':
      return viewer.kind === 'member' || viewer.kind === 'system';
    case 'activeMember':
      return (viewer.kind === 'member' && viewer.membershipStatus === 'ACTIVE') || viewer.kind === 'apiKey' || viewer.kind === 'system';
    case 'can':
      return viewer.kind === 'system' || viewerCan(viewer, requirement.area, requirement.level);
    case 'self': {
      if (viewer.kind !== 'member' || parent === null || typeof parent !== 'object') return false;
      return (parent as Record<string, unknown>)[requirement.idField] === viewer.accountId;
    }
    case 'selfArgument':
      return viewer.kind === 'member' && args[requirement.argument] === viewer.accountId;
    case 'parent':
      // Never checked here: the field is not wrapped (see applyPolicy). Inside or/and it grants nothing.
      return false;
    case 'or':
      return requirement.of.some((r) => satisfies(r, viewer, parent, args));
    case 'and':
      return requirement.of.every((r) => satisfies(r, viewer, parent, args));
  }
}
