import { DataSource } from 'typeorm';
import { DomainEvent, EventBus, EventContract, SubscriptionPubSub, consumeOnce, isUniqueViolation, onEvent } from '@gatehouse/shared';
import { accessControlEvents } from '@gatehouse/access-control-contracts';
import { identityEvents } from '@gatehouse/identity-contracts';
import { inquiriesEvents } from '@gatehouse/inquiries-contracts';
import { invitationsEvents } from '@gatehouse/invitations-contracts';
import { meteringEvents } from '@gatehouse/metering-contracts';
import { AuditEntry } from './audit-entry.entity';
import { auditedEvents } from './audit-actions';
import { AuditService } from './audit.service';

/** The pub/sub topic of an organization's new audit entries (the payload: the entry as readers see it). */
export function auditTopic(organizationId: string): string {
  return `audit:${organizationId}`;
}

/** Identity's consumer group on the bus: the audit log (more of identity's consumers join it later). */
export const identityConsumer = 'identity';

/** The event types that become audit entries: what identity consumes from the bus. */
export const auditedEventTypes: readonly string[] = Object.keys(auditedEvents);

/**
 * Feeds the audit log from every subgraph's outbox. Once per event (inbox row and entries commit
 * together); while identity is stopped the events wait in their outboxes and arrive when it starts.
 */
export function recordAuditTrail(bus: EventBus, dataSource: DataSource, audit: AuditService, pubsub: SubscriptionPubSub): void {
  const producers: EventContract[] = [identityEvents, accessControlEvents, invitationsEvents, inquiriesEvents, meteringEvents];
  for (const contract of producers) {
    for (const type of Object.keys(contract.events).filter((t) => Object.hasOwn(auditedEvents, t))) {
      onEvent(bus, identityConsumer, contract, type, (event) => appendOnce(event, dataSource, audit, pubsub));
    }
  }
}

/** Appends an event's entries once, then tells live subscribers. */
async function appendOnce(event: DomainEvent, dataSource: DataSource, audit: AuditService, pubsub: SubscriptionPubSub): Promise<void> {
  // Two writers racing for the same organization's next position: the loser re-reads the head and retries.
  for (let attempt = 0; ; attempt += 1) {
    try {
      let appended: AuditEntry[] = [];
      await consumeOnce(dataSource, `${identityConsumer}:audit`, event, async (manager) => void (appended = await audit.append(manager, event)));
      // Committed: tell live subscribers (auditEventRecorded), as readers see the entries.
      for (const organizationId of new Set(appended.map((e) => e.organizationId))) {
        for (const entry of await audit.reveal(organizationId, appended.filter((e) => e.organizationId === organizationId))) pubsub.publish(auditTopic(organizationId), entry);
      }
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}
