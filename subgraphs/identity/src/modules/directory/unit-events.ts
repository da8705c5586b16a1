import { EntityManager } from 'typeorm';
import { PermissionSet, RuleViolation } from '@gatehouse/shared';
import { UnitChanges } from '@gatehouse/identity-contracts';
import { recordIdentityEvent } from '../../events';

/** What changed in an organization's units, as access control's projection needs it (the contract of `org_units.changed`). */
export type { UnitChanges };

/**
 * Asks access control, before committing, whether a change to units or memberships would let anyone
 * gain more than the actor holds or change the actor's own permissions (through linked groups).
 */
export type UnitChangesCheck = (actor: { organizationId: string; accountId: string; permissions: PermissionSet }, changes: UnitChanges) => Promise<RuleViolation | null>;

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
