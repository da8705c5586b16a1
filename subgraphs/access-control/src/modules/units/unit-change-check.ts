import { DataSource } from 'typeorm';
import { PermissionSet, RuleViolation } from '@gatehouse/shared';
import { AccessControlViolation } from '../../errors/access-control-error-code';
import { GroupsService } from '../groups/groups.service';
import { PermissionChangeGuard, PermissionChangeRefused } from '../permissions/permission-change-guard';
import { UnitChanges } from '@gatehouse/identity-contracts';
import { applyUnitChanges } from './units.handlers';

/** Thrown to roll the preview back after the guard has looked at it. */
class PreviewDone extends Error {}

/**
 * Identity asks before it commits a change to units or unit memberships (by hand or a directory
 * sync): would it move anyone's permissions against the rules? Access control applies the change
 * to its projection inside a transaction, lets the permission-change guard compare before and
 * after, and always rolls back; the real change arrives later as identity's event.
 */
export async function checkUnitChanges(
  dataSource: DataSource,
  guard: PermissionChangeGuard,
  groups: GroupsService,
  actor: { organizationId: string; accountId: string; permissions: PermissionSet },
  changes: UnitChanges,
): Promise<AccessControlViolation | null> {
  const { organizationId } = actor;
  const exceeds = new RuleViolation('GROUP_EXCEEDS_OWN_PERMISSIONS', 'A group linked to this unit (or a unit above it) grants more than you hold.', ['input', 'unitId']);
  try {
    await dataSource.transaction(async (manager) => {
      const named = [...(changes.membershipsAdded ?? []), ...(changes.membershipsRemoved ?? [])].map((m) => m.accountId);
      const moved = [...(changes.unitsUpserted ?? []).map((u) => u.id), ...(changes.unitsRemoved ?? [])];
      const beneath = moved.length ? await groups.membersUnder(manager, organizationId, moved) : [];
      await guard.around(manager, actor, { targets: named, affected: beneath, exceeds }, () => applyUnitChanges(manager, organizationId, changes));
      throw new PreviewDone();
    });
  } catch (error) {
    if (error instanceof PermissionChangeRefused) return error.violation;
    if (error instanceof PreviewDone) return null;
    throw error;
  }
  return null;
}
