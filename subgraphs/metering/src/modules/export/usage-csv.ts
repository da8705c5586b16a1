import { once } from 'node:events';
import { Writable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { localDateAt, localDays } from '../dashboard/local-days';
import { Amounts, RollupReader, addAmounts, noAmounts } from '../dashboard/rollup-reader';
import { UsageQuery } from '../dashboard/usage.service';
import { UsageScope } from '../dashboard/usage-scope';
import { UsageAgent } from '../recording/usage-agent.entity';
import { csvLine } from './csv-cells';
import { EventCursor, readEventPage } from './event-page';

const amountColumns = ['costMicroUsd', 'costUsd', 'inputTokens', 'outputTokens', 'cachedTokens', 'events'];
const amountCells = (a: Amounts) => [a.costMicroUsd, a.costMicroUsd / 1_000_000, a.inputTokens, a.outputTokens, a.cachedTokens, a.events];
/** Raw events are read this many at a time: memory stays the same for a thousand rows or a million. */
const eventPage = 1000;

/** Writes text, waiting while the client is slower than the database (backpressure). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * One row per day × compute type × space × agent, from the rollups the chart reads, day by day
 * (a day's rows at a time in memory), with the same day boundaries: the CSV and the chart agree.
 */
export async function writeDailyCsv(dataSource: DataSource, out: Writable, scope: UsageScope, query: UsageQuery, timeZone: string): Promise<void> {
  const reader = new RollupReader(dataSource);
  const names = new Map<string, string | null>();
  await write(out, csvLine(['date', 'computeType', 'spaceId', 'agentId', 'agentName', ...amountColumns]));
  for (const day of localDays(query.from, query.to, timeZone)) {
    const rows = await reader.sum(scope, query, day.start, day.end, ['computeType', 'spaceId', 'agentId'], { splitAt: [day.start, day.end] });
    const sums = new Map<string, { computeType: string; spaceId: string; agentId: string; amounts: Amounts }>();
    for (const row of rows) {
      const key = `${row.computeType}\u0000${row.spaceId}\u0000${row.agentId}`;
      const entry = sums.get(key) ?? sums.set(key, { computeType: String(row.computeType), spaceId: String(row.spaceId), agentId: String(row.agentId), amounts: noAmounts() }).get(key)!;
      addAmounts(entry.amounts, row);
    }
    const unnamed = [...new Set([...sums.values()].map((s) => s.agentId).filter((id) => id !== '' && !names.has(id)))];
    if (unnamed.length > 0) {
      for (const id of unnamed) names.set(id, null);
      for (const agent of await dataSource.getRepository(UsageAgent).find({ where: { organizationId: scope.organizationId, agentId: In(unnamed) } })) names.set(agent.agentId, agent.name);
    }
    const lines = [...sums.values()]
      .sort((a, b) => a.computeType.localeCompare(b.computeType) || a.spaceId.localeCompare(b.spaceId) || a.agentId.localeCompare(b.agentId))
      .map((s) => csvLine([day.date, s.computeType, s.spaceId || null, s.agentId || null, s.agentId ? (names.get(s.agentId) ?? null) : null, ...amountCells(s.amounts)]));
    if (lines.length > 0) await write(out, lines.join(''));
  }
}

/** Every raw event of the range within the scope and filter, oldest first, read a page at a time by keyset. */
export async function writeEventsCsv(dataSource: DataSource, out: Writable, scope: UsageScope, query: UsageQuery, timeZone: string): Promise<void> {
  const days = localDays(query.from, query.to, timeZone);
  const start = days[0].start;
  const end = days[days.length - 1].end;
  await write(out, csvLine(['eventId', 'occurredAt', 'date', 'computeType', 'userId', 'spaceId', 'agentId', 'agentName', 'provider', 'model', 'inputTokens', 'outputTokens', 'cachedTokens', 'costMicroUsd', 'costUsd']));
  let after: EventCursor | null = null;
  for (;;) {
    const events = await readEventPage(dataSource, scope, query, start, end, after, eventPage);
    if (events.length === 0) return;
    await write(out, events.map((e) => csvLine([
      e.eventId, e.occurredAt.toISOString(), localDateAt(e.occurredAt.getTime(), timeZone), e.computeType, e.userId, e.spaceId, e.agentId, e.agentName, e.provider, e.model,
      e.inputTokens, e.outputTokens, e.cachedTokens, e.costMicroUsd, e.costMicroUsd / 1_000_000,
    ])).join(''));
    if (events.length < eventPage) return;
    const last = events[events.length - 1];
    after = { at: last.occurredAt, id: last.id };
  }
}
