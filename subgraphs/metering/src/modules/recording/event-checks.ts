import { hash } from 'node:crypto';
import { RuleViolation } from '@gatehouse/shared';
import { MeteringErrorCode, MeteringViolation } from '../../errors/metering-error-code';
import { ReportedUsageEvent } from './usage-event-input';

/** How far ahead of the clock an event may be dated (clocks of reporting services drift a little). */
export const futureToleranceMs = 5 * 60_000;
/** The earliest an event may be dated: anything older is a unit mistake (seconds for milliseconds, …). */
export const earliestEventMs = Date.UTC(2000, 0, 1);

export const eventTextLimits = { id: 128, agentId: 128, agentName: 200, provider: 64, model: 128 } as const;

/** An event's content trimmed as it will be stored, or why it cannot be (checks that need no database). */
export type CheckedEvent = { ok: true; event: NormalizedEvent } | { ok: false; violation: MeteringViolation };

/** An event's content as stored (trimmed, absent amounts as 0), its cost still unknown when the service sent none, and its digest. */
export interface NormalizedEvent {
  eventId: string;
  occurredAt: Date;
  computeType: string;
  userId: string | null;
  spaceId: string | null;
  agentId: string | null;
  agentName: string | null;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costMicroUsd: number | null;
  /** SHA-256 of the event as reported: tells a resend from a different event under the same id. */
  contentHash: string;
}

/** Checks one event on its own: its texts, its time, its amounts, its compute type. */
export function checkEvent(event: ReportedUsageEvent, index: number, computeTypes: ReadonlySet<string>, nowMs: number): CheckedEvent {
  const at = (...field: string[]) => ['input', 'events', String(index), ...field];
  const refuse = (code: MeteringErrorCode, message: string, ...field: string[]): CheckedEvent => ({ ok: false, violation: new RuleViolation(code, message, at(...field)) });
  const text = (value: string | null | undefined) => (value == null ? null : value.trim());
  const eventId = text(event.id) ?? '';
  if (eventId.length === 0 || eventId.length > eventTextLimits.id) return refuse('INVALID_EVENT', `An event id is 1 to ${eventTextLimits.id} characters.`, 'id');
  const occurredMs = event.occurredAt instanceof Date ? event.occurredAt.getTime() : Number.NaN;
  if (!Number.isFinite(occurredMs) || occurredMs < earliestEventMs) return refuse('INVALID_EVENT', 'An event happened in the year 2000 or later.', 'occurredAt');
  if (occurredMs > nowMs + futureToleranceMs) return refuse('FUTURE_EVENT', 'The event is dated more than 5 minutes from now.', 'occurredAt');
  if (!computeTypes.has(event.computeType)) return refuse('UNKNOWN_COMPUTE_TYPE', `Unknown compute type ${JSON.stringify(event.computeType.slice(0, 40))}.`, 'computeType');
  for (const field of ['inputTokens', 'outputTokens', 'cachedTokens', 'costMicroUsd'] as const) {
    const value = event[field];
    if (value != null && !(Number.isSafeInteger(value) && value >= 0)) return refuse('INVALID_AMOUNT', `${field} is a whole number from 0 up.`, field);
  }
  const agentId = text(event.agent?.id);
  const agentName = text(event.agent?.name);
  const provider = text(event.provider) || null;
  const model = text(event.model) || null;
  if (event.agent && (!agentId || agentId.length > eventTextLimits.agentId)) return refuse('INVALID_EVENT', `An agent id is 1 to ${eventTextLimits.agentId} characters.`, 'agent', 'id');
  if (event.agent && (!agentName || agentName.length > eventTextLimits.agentName)) return refuse('INVALID_EVENT', `An agent name is 1 to ${eventTextLimits.agentName} characters.`, 'agent', 'name');
  if (provider && provider.length > eventTextLimits.provider) return refuse('INVALID_EVENT', `A provider is at most ${eventTextLimits.provider} characters.`, 'provider');
  if (model && model.length > eventTextLimits.model) return refuse('INVALID_EVENT', `A model is at most ${eventTextLimits.model} characters.`, 'model');
  const normalized: Omit<NormalizedEvent, 'contentHash'> = {
    eventId,
    occurredAt: new Date(occurredMs),
    computeType: event.computeType,
    userId: event.userId ?? null,
    spaceId: event.spaceId ?? null,
    agentId: agentId ?? null,
    agentName: agentName ?? null,
    provider,
    model,
    inputTokens: event.inputTokens ?? 0,
    outputTokens: event.outputTokens ?? 0,
    cachedTokens: event.cachedTokens ?? 0,
    costMicroUsd: event.costMicroUsd ?? null,
  };
  return { ok: true, event: { ...normalized, contentHash: contentHashOf(normalized) } };
}

/** The digest of an event's content, in a fixed field order, so the same event always hashes the same. */
function contentHashOf(event: Omit<NormalizedEvent, 'contentHash'>): string {
  const content = [
    event.eventId, event.occurredAt.toISOString(), event.computeType, event.userId, event.spaceId, event.agentId, event.agentName,
    event.provider, event.model, event.inputTokens, event.outputTokens, event.cachedTokens, event.costMicroUsd,
  ];
  return hash('sha256', JSON.stringify(content), 'hex');
}
