import { EntityManager } from 'typeorm';
import { PermissionSet, RuleViolation } from '@gatehouse/shared';
import { UnitChanges } from '@gatehouse/identity-contracts';
import { recordIdentityEvent } from '../../events';
import { IdentityViolation, isIdentityErrorCode } from '../../errors/identity-error-code';

/** What changed in an organization's units, as access control's projection needs it (the contract of `org_units.changed`). */
export type { UnitChanges };

/**
 * Asks access control, before committing, whether a change to units or memberships would let anyone
 * gain more than the actor holds or change the actor's own permissions (through linked groups).
 */
export type UnitChangesCheck = (actor: { organizationId: string; accountId: string; permissions: PermissionSet }, changes: UnitChanges) => Promise<IdentityViolation | null>;

/**
 * Access control's answer to the check, as identity's own violation. Its codes for these refusals
 * are in identity's set too (a client sees them on identity's mutations); any other code is a broken
 * contract between the two, answered as an internal error rather than passed on.
 */
export function unitChangeRefusal(violation: { code: string; message: string } | null): IdentityViolation | null {
  if (!violation) return null;
  if (!isIdentityErrorCode(violation.code)) throw new Error(`Access control refused a unit change with a code identity does not know: ${violation.code}`);
  return new RuleViolation(violation.code, violation.message, ['input']);
}

/** Items per event: a sync of a whole directory must not become one event larger than the outbox column. */
const itemsPerEvent = 500;

/**
 * Records `org_units.changed` events, in order, in the caller's transaction: units first (so a
 * membership never names a unit the projection lacks), then memberships, at most 500 items each.
 */
export async function recordUnitChanges(manager: EntityManager, organizationId: string, changes: UnitChanges): Promise<void> {
  const parts: [keyof UnitChanges, unknown[]][] = [
    ['unitsUpserted', changes.unitsUpserted ?? []],
    ['membershipsRemoved', changes.membershipsRemoved ?? []],
    ['unitsRemoved', changes.unitsRemoved ?? []],
    ['membershipsAdded', changes.membershipsAdded ?? []],
  ];
  for (const [kind, items] of parts) {
    for (let i = 0; i < items.length; i += itemsPerEvent) {
      await recordIdentityEvent(manager, 'org_units.changed', { organizationId, [kind]: items.slice(i, i + itemsPerEvent) });
    }
  }
}
