import { DataSource } from 'typeorm';
import { EventBus, consumeOnce, onEvent } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { SpaceProjection } from './space-projection.entity';

/** Keeps the projection of identity's spaces current (scoped role assignments are checked against it). */
export function followSpaces(bus: EventBus, dataSource: DataSource, consumer: string): void {
  onEvent(bus, consumer, identityEvents, 'space.created', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, async (manager) => {
      await manager.insert(SpaceProjection, { id: p.spaceId, organizationId: p.organizationId, archived: false });
    });
  });
  for (const [type, archived] of [['space.archived', true], ['space.restored', false]] as const) {
    onEvent(bus, consumer, identityEvents, type, async (event) => {
      const p = event.payload;
      await consumeOnce(dataSource, consumer, event, async (manager) => {
        await manager.update(SpaceProjection, { id: p.spaceId, organizationId: p.organizationId }, { archived });
      });
    });
  }
}
