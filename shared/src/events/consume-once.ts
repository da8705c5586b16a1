import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from './event-bus';
import { ProcessedEvent } from './processed-event.entity';
import { isUniqueViolation } from '../db/data-source';

/**
 * Applies `apply` to an event at most once per consumer: the inbox row and the consumer's changes
 * commit together, and a redelivered event id is skipped.
 */
export async function consumeOnce(
  dataSource: DataSource,
  consumer: string,
  event: DomainEvent,
  apply: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  try {
    await dataSource.transaction(async (manager) => {
      await manager.insert(ProcessedEvent, { eventId: event.eventId, consumer, processedAt: new Date() });
      await apply(manager);
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) {
      const seen = await dataSource.getRepository(ProcessedEvent).existsBy({ eventId: event.eventId, consumer });
      if (seen) return false;
    }
    throw error;
  }
}
