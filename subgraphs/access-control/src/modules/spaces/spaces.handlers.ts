import { DataSource } from 'typeorm';
import { EventBus, consumeOnce } from '@gatehouse/shared';
import { SpaceProjection } from './space-projection.entity';

/** Keeps the projection of identity's spaces current (scoped role assignments are checked against it). */
export function followSpaces(bus: EventBus, dataSource: DataSource, consumer: string): void {
  bus.subscribe(consumer, 'space.created', async (event) => {
    const p = event.payload;
    await consumeOnce(dataSource, consumer, event, async (manager) => {
      await manager.insert(SpaceProjection, { id: String(p.spaceId), organizationId: String(p.organizationId), archived: false });
    });
  });
  for (const [type, archived] of [['space.archived', true], ['space.restored', false]] as const) {
    bus.subscribe(consumer, type, async (event) => {
      const p = event.payload;
      await consumeOnce(dataSource, consumer, event, async (manager) => {
        await manager.update(SpaceProjection, { id: String(p.spaceId), organizationId: String(p.organizationId) }, { archived });
      });
    });
  }
}
