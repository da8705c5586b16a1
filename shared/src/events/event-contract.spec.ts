import { z } from 'zod';
import { DomainEvent, InProcessEventBus } from './event-bus';
import { currentTypeOf, defineEvents, namesOf, onEvent } from './event-contract';

const contract = defineEvents('producer', { 'role_assignment.changed': z.looseObject({ targetId: z.string() }), 'group.deleted': z.looseObject({ groupId: z.string() }) }, { ROLE_CHANGE: 'role_assignment.changed' });
const event = (type: string, payload: Record<string, unknown>): DomainEvent => ({ eventId: `${type}-${JSON.stringify(payload)}`, type, source: 'producer', occurredAt: new Date().toISOString(), payload });

describe('typed events', () => {
  it('a type is known under its current name and its former ones', () => {
    expect(namesOf(contract, 'role_assignment.changed')).toEqual(['role_assignment.changed', 'ROLE_CHANGE']);
    expect(currentTypeOf(contract, 'ROLE_CHANGE')).toBe('role_assignment.changed');
    expect(currentTypeOf(contract, 'group.deleted')).toBe('group.deleted');
    expect(currentTypeOf(contract, 'toString')).toBeNull();
  });

  it('a consumer gets events written under the old name as the new one, with their extra fields kept', async () => {
    const bus = new InProcessEventBus();
    const seen: DomainEvent[] = [];
    onEvent(bus, 'consumer', contract, 'role_assignment.changed', async (e) => void seen.push(e));
    await bus.publish(event('ROLE_CHANGE', { targetId: 'old', later: 1 }));
    await bus.publish(event('role_assignment.changed', { targetId: 'new' }));
    expect(seen.map((e) => [e.type, e.payload])).toEqual([
      ['role_assignment.changed', { targetId: 'old', later: 1 }],
      ['role_assignment.changed', { targetId: 'new' }],
    ]);
  });

  it('an invalid payload is logged and skipped: the handler never sees it, the publish does not fail, later events flow', async () => {
    const logged: string[] = [];
    const bus = new InProcessEventBus((message) => void logged.push(message));
    const seen: string[] = [];
    onEvent(bus, 'consumer', contract, 'group.deleted', async (e) => void seen.push(e.payload.groupId));
    await expect(bus.publish(event('group.deleted', { groupId: 7 }))).resolves.toBeUndefined();
    await bus.publish(event('group.deleted', { groupId: 'g' }));
    expect(seen).toEqual(['g']);
    expect(logged).toEqual([expect.stringContaining('skipped by consumer: invalid payload')]);
  });

  it('a handler that fails for another reason still fails the publish (the outbox keeps the event)', async () => {
    const bus = new InProcessEventBus(() => undefined);
    onEvent(bus, 'consumer', contract, 'group.deleted', async () => {
      throw new Error('database away');
    });
    await expect(bus.publish(event('group.deleted', { groupId: 'g' }))).rejects.toThrow('database away');
  });
});
