import { DataSource, EntityManager, In } from 'typeorm';
import { EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { UnitChanges, identityEvents } from '@gatehouse/identity-contracts';
import { GroupUnitLink } from '../groups/group.entity';
import { UnitMemberProjection, UnitProjection } from './unit-projection.entity';
import { recordAccessControlEvent } from '../../events';

/**
 * Keeps the projection of identity's units and unit memberships current (group links read it), and
 * says when that may have changed members' permissions, once applied (gateways and live subscribers follow).
 */
export function followUnits(bus: EventBus, dataSource: DataSource, consumer: string, afterCommit: () => Promise<void>): void {
  onEvent(bus, consumer, identityEvents, 'org_units.changed', async (event) => {
    const p = event.payload;
    const { organizationId } = p;
    await consumeOnce(dataSource, consumer, event, async (manager) => {
      await applyUnitChanges(manager, organizationId, p);
      const linked = await manager.count(GroupUnitLink, { where: { organizationId } });
      if (linked && (p.membershipsAdded?.length || p.membershipsRemoved?.length || p.unitsRemoved?.length || p.unitsUpserted?.length)) {
        await recordAccessControlEvent(manager, 'member.permissions_changed', { organizationId, accountId: null });
      }
    });
    void afterCommit();
  });
}

/** Applies identity's unit changes to the projection (also used, rolled back, to preview a change's effect). */
export async function applyUnitChanges(manager: EntityManager, organizationId: string, p: UnitChanges): Promise<void> {
  if (p.unitsUpserted?.length) await manager.upsert(UnitProjection, p.unitsUpserted.map((u) => ({ id: u.id, parentId: u.parentId, organizationId })), ['id']);
  if (p.membershipsRemoved?.length) {
    for (const m of p.membershipsRemoved) await manager.delete(UnitMemberProjection, { organizationId, unitId: m.unitId, accountId: m.accountId });
  }
  if (p.unitsRemoved?.length) {
    // A removed unit takes its members and its group links with it.
    await manager.delete(UnitMemberProjection, { organizationId, unitId: In(p.unitsRemoved) });
    await manager.delete(GroupUnitLink, { organizationId, unitId: In(p.unitsRemoved) });
    await manager.delete(UnitProjection, { organizationId, id: In(p.unitsRemoved) });
  }
  if (p.membershipsAdded?.length) {
    await manager.createQueryBuilder().insert().into(UnitMemberProjection).values(p.membershipsAdded.map((m) => ({ unitId: m.unitId, accountId: m.accountId, organizationId }))).orIgnore().execute();
  }
}
