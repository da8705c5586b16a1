import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { chunksOf, dateParameter, isDeadlock, isUniqueViolation } from '@gatehouse/shared';
import { rollUp } from './rollup-upserts';
import { quoteName } from './rollup-sql';
import { insertRows } from './row-inserts';
import { UsageAgent } from './usage-agent.entity';
import { AcceptedUsageEvent } from './usage-event-input';

const eventColumns = ['id', 'occurredAt', 'organizationId', 'eventId', 'computeType', 'userId', 'spaceId', 'agentId', 'agentName', 'provider', 'model', 'inputTokens', 'outputTokens', 'cachedTokens', 'costMicroUsd', 'priceId', 'reportedBy', 'recordedAt'];

/** What became of each event handed to the writer, by index in the list it was given. */
export type WriteOutcome = 'RECORDED' | 'DUPLICATE' | 'ID_REUSED';

/**
 * Stores a batch of checked events with their rollups in one transaction: each new event id once
 * (its key row), the event, and the sums the dashboard reads. An id stored before (by an earlier
 * call, by a concurrent one, or earlier in this batch) is a duplicate when the content matches and
 * ID_REUSED when it does not; neither is stored again.
 */
export class UsageWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number,
  ) {}

  async write(organizationId: string, reportedBy: string, events: readonly AcceptedUsageEvent[]): Promise<WriteOutcome[]> {
    // A concurrent batch may store one of our ids between our read and our insert (its key row then
    // collides), and MySQL may pick us as a deadlock's victim: both roll back whole, so try again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.writeOnce(manager, organizationId, reportedBy, events));
      } catch (error) {
        if (attempt >= 5 || !(isUniqueViolation(error) || isDeadlock(error))) throw error;
      }
    }
  }

  private async writeOnce(manager: EntityManager, organizationId: string, reportedBy: string, events: readonly AcceptedUsageEvent[]): Promise<WriteOutcome[]> {
    const mysql = manager.connection.options.type !== 'better-sqlite3';
    const q = (name: string) => quoteName(mysql, name);
    const known = new Map<string, string>();
    for (const ids of chunksOf([...new Set(events.map((e) => e.eventId))], 1000)) {
      const keys: { eventId: string; contentHash: string }[] = await manager.query(
        `SELECT ${q('eventId')}, ${q('contentHash')} FROM usage_event_key WHERE ${q('organizationId')} = ? AND ${q('eventId')} IN (${ids.map(() => '?').join(', ')})`,
        [organizationId, ...ids],
      );
      for (const key of keys) known.set(key.eventId, key.contentHash);
    }
    const outcomes: WriteOutcome[] = [];
    const fresh: AcceptedUsageEvent[] = [];
    for (const event of events) {
      const hash = known.get(event.eventId);
      if (hash === undefined) {
        known.set(event.eventId, event.contentHash);
        fresh.push(event);
        outcomes.push('RECORDED');
      } else outcomes.push(hash === event.contentHash ? 'DUPLICATE' : 'ID_REUSED');
    }
    if (fresh.length === 0) return outcomes;
    const date = (at: Date) => dateParameter(manager.connection, at.getTime());
    const recordedAt = dateParameter(manager.connection, this.now());
    const occurred = fresh.map((e) => date(e.occurredAt));
    await insertRows(manager, 'usage_event_key', ['organizationId', 'eventId', 'contentHash', 'occurredAt'], fresh.map((e, i) => [organizationId, e.eventId, e.contentHash, occurred[i]]));
    await insertRows(manager, 'usage_event', eventColumns, fresh.map((e, i) => [
      randomUUID(), occurred[i], organizationId, e.eventId, e.computeType, e.userId, e.spaceId, e.agentId, e.agentName, e.provider, e.model,
      e.inputTokens, e.outputTokens, e.cachedTokens, e.costMicroUsd, e.priceId, reportedBy, recordedAt,
    ]));
    await rollUp(manager, organizationId, fresh);
    await this.nameAgents(manager, organizationId, fresh);
    return outcomes;
  }

  /** Keeps each agent's name from its latest event (a late event does not rename it back). */
  private async nameAgents(manager: EntityManager, organizationId: string, events: readonly AcceptedUsageEvent[]): Promise<void> {
    const latest = new Map<string, { name: string; at: Date }>();
    for (const e of events) {
      if (!e.agentId || !e.agentName) continue;
      const seen = latest.get(e.agentId);
      if (!seen || seen.at < e.occurredAt) latest.set(e.agentId, { name: e.agentName, at: e.occurredAt });
    }
    if (latest.size === 0) return;
    const ids = [...latest.keys()].sort();
    const stored = new Map((await manager.find(UsageAgent, { where: { organizationId, agentId: In(ids) } })).map((a) => [a.agentId, a]));
    for (const agentId of ids) {
      const { name, at } = latest.get(agentId)!;
      const current = stored.get(agentId);
      if (!current) await manager.insert(UsageAgent, { organizationId, agentId, name, namedAt: at });
      else if (current.namedAt < at && current.name !== name) await manager.update(UsageAgent, { organizationId, agentId }, { name, namedAt: at });
    }
  }
}
