import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { DomainEvent, EventBus, InvalidEventError, SubscribeOptions } from './event-bus';
import { recordEvent, recordEvents } from './outbox';

/** A payload schema: an object (open, see `defineEvents`). */
export type PayloadSchema = z.ZodType<Record<string, unknown>>;
export type EventSchemas = Record<string, PayloadSchema>;

/**
 * The events one subgraph produces: type → payload schema, owned by the producer (in its contracts
 * package) and imported by every consumer. Types are named `noun.past_tense` in snake_case
 * (`membership.status_changed`); `aliases` maps a former name to its current one, so events
 * written under the old name and still waiting in an outbox or a stream during an upgrade are
 * consumed as the new one.
 */
export interface EventContract<M extends EventSchemas = EventSchemas> {
  producer: string;
  events: M;
  /** Former name → current name (one of `events`, checked by `defineEvents`). */
  aliases: Readonly<Record<string, string>>;
}

/**
 * Payload schemas should be `z.looseObject`: fields a newer producer adds pass through an older
 * consumer unharmed (rolling upgrades), while the fields the consumer relies on are checked.
 */
export function defineEvents<M extends EventSchemas>(producer: string, events: M, aliases: Readonly<Record<string, keyof M & string>> = {}): EventContract<M> {
  return Object.freeze({ producer, events, aliases: Object.freeze({ ...aliases }) });
}

export type EventType<C extends EventContract> = keyof C['events'] & string;
export type EventPayload<C extends EventContract, T extends EventType<C>> = z.output<C['events'][T]>;
/** An event of the contract as a consumer sees it: its current type name and its validated payload. */
export type ContractEvent<C extends EventContract, T extends EventType<C>> = DomainEvent<EventPayload<C, T>> & { type: T };

/** The names an event type arrives under: its own and its former ones. */
export function namesOf<C extends EventContract>(contract: C, type: EventType<C>): string[] {
  return [type, ...Object.entries(contract.aliases).filter(([, current]) => current === type).map(([old]) => old)];
}

/** The current name of a type, or of a former one; null when the contract does not declare it. */
export function currentTypeOf<C extends EventContract>(contract: C, type: string): EventType<C> | null {
  if (Object.hasOwn(contract.events, type)) return type as EventType<C>;
  return Object.hasOwn(contract.aliases, type) ? (contract.aliases[type] as EventType<C>) : null;
}

/**
 * The producer's outbox writer: only the contract's types, each with its payload's type, checked
 * again at run time (a payload outside its own contract is a bug, and fails the write's transaction).
 */
export function outboxWriter<C extends EventContract>(contract: C): <T extends EventType<C>>(manager: EntityManager, type: T, payload: z.input<C['events'][T]>) => Promise<string> {
  return (manager, type, payload) => {
    const parsed = contract.events[type].safeParse(payload);
    if (!parsed.success) throw new Error(`${contract.producer} event ${type} does not match its contract: ${z.prettifyError(parsed.error)}`);
    return recordEvent(manager, type, parsed.data);
  };
}

/** As outboxWriter, for many events of a bulk change: each checked, all recorded a hundred rows per statement. */
export function outboxBatchWriter<C extends EventContract>(contract: C): <T extends EventType<C>>(manager: EntityManager, type: T, payloads: readonly z.input<C['events'][T]>[]) => Promise<string[]> {
  return (manager, type, payloads) => {
    const events = payloads.map((payload) => {
      const parsed = contract.events[type].safeParse(payload);
      if (!parsed.success) throw new Error(`${contract.producer} event ${type} does not match its contract: ${z.prettifyError(parsed.error)}`);
      return { type: String(type), payload: parsed.data as Record<string, unknown> };
    });
    return recordEvents(manager, events);
  };
}

/**
 * Subscribes to one of the contract's event types (and its former names): the handler gets the
 * event under its current name with the payload validated. A payload outside the contract never
 * reaches the handler: it fails with `InvalidEventError`, which the bus logs and sets aside
 * (dead-letter on Redis Streams, skipped in process) instead of retrying it.
 */
export function onEvent<C extends EventContract, T extends EventType<C>>(bus: EventBus, group: string, contract: C, type: T, handler: (event: ContractEvent<C, T>) => Promise<void>, options?: SubscribeOptions): void {
  const schema = contract.events[type];
  for (const name of namesOf(contract, type)) {
    bus.subscribe(
      group,
      name,
      async (event) => {
        const parsed = schema.safeParse(event.payload);
        if (!parsed.success) throw new InvalidEventError(event, z.prettifyError(parsed.error));
        // The schema's output type, which TypeScript loses through the generic index.
        await handler({ ...event, type, payload: parsed.data as EventPayload<C, T> });
      },
      options,
    );
  }
}
