import { Area, Capability, Level, RuleViolation } from '@gatehouse/shared';
import { AccessControlViolation } from '../../errors/access-control-error-code';

/** What roles and groups have in common as an admin writes them: a name, a description, grants and switches. */
export interface GrantDraft {
  name?: string | null;
  description?: string | null;
  grants?: { area: Area; level: Level }[] | null;
  capabilities?: Capability[] | null;
}

/**
 * Every problem of a draft: the name (1 to 100 characters, unique in the organization regardless
 * of case among `takenNames`), the description, and areas or capabilities named twice.
 */
export function grantDraftProblems(draft: GrantDraft, takenNames: string[], kind: 'role' | 'group'): AccessControlViolation[] {
  const problems: AccessControlViolation[] = [];
  if (draft.name != null) {
    const name = draft.name.trim();
    if (!name || name.length > 100) problems.push(new RuleViolation('INVALID_NAME', `Give a ${kind} name of 1 to 100 characters.`, ['input', 'name']));
    else if (takenNames.some((taken) => taken.toLowerCase() === name.toLowerCase())) problems.push(new RuleViolation(kind === 'role' ? 'ROLE_NAME_TAKEN' : 'GROUP_NAME_TAKEN', `Another ${kind} of this organization has this name.`, ['input', 'name']));
  }
  if ((draft.description ?? '').length > 500) problems.push(new RuleViolation('INVALID_DESCRIPTION', 'Use at most 500 characters.', ['input', 'description']));
  const areas = (draft.grants ?? []).map((g) => g.area);
  if (new Set(areas).size !== areas.length) problems.push(new RuleViolation('DUPLICATE_AREA', 'Name each area once.', ['input', 'grants']));
  const capabilities = draft.capabilities ?? [];
  if (new Set(capabilities).size !== capabilities.length) problems.push(new RuleViolation('DUPLICATE_CAPABILITY', 'Name each capability once.', ['input', 'capabilities']));
  return problems;
}
