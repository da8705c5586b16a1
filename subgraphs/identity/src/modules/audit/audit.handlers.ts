import { DataSource } from 'typeorm';
import { EventBus, consumeOnce, isUniqueViolation } from '@gatehouse/shared';
import { auditedEvents } from './audit-actions';
import { AuditService } from './audit.service';

/** Identity's consumer group on the bus: the audit log (more of identity's consumers join it later). */
export const identityConsumer = 'identity';

/**
 * Feeds the audit log from every subgraph's outbox. Once per event (inbox row and entries commit
 * together); while identity is stopped the events wait in their outboxes and arrive when it starts.
 */
export function recordAuditTrail(bus: EventBus, dataSource: DataSource, audit: AuditService): void {
  for (const type of Object.keys(auditedEvents)) {
    bus.subscribe(identityConsumer, type, async (event) => {
      // Two writers racing for the same organization's next position: the loser re-reads the head and retries.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await consumeOnce(dataSource, `${identityConsumer}:audit`, event, (manager) => audit.append(manager, event).then(() => undefined));
          return;
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 4) throw error;
        }
      }
    });
  }
}
