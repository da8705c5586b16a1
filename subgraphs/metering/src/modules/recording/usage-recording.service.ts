import { GraphQLError } from 'graphql';
import { RuleViolation, Viewer, refused, ok } from '@gatehouse/shared';
import { MeteringResult, MeteringViolation } from '../../errors/metering-error-code';
import { ComputeTypeCatalogue } from '../catalogue/compute-types';
import { PriceVersions, costOf } from '../prices/price-book';
import { DataSource } from 'typeorm';
import { NormalizedEvent, checkEvent } from './event-checks';
import { AcceptedUsageEvent, ReportedUsageEvent } from './usage-event-input';
import { UsageWriter } from './usage-writer';

/** At most this many events per recordUsage call. */
export const maxEventsPerBatch = 1000;

/** Which of these users (any membership status) and spaces (archived too: history) are the organization's. */
export interface OrganizationDirectory {
  known(organizationId: string, userIds: readonly string[], spaceIds: readonly string[]): Promise<{ users: ReadonlySet<string>; spaces: ReadonlySet<string> }>;
}

export type EventStatus = 'RECORDED' | 'DUPLICATE' | 'REJECTED';

export interface EventReport {
  index: number;
  eventId: string;
  status: EventStatus;
  violation: MeteringViolation | null;
  /** Recorded for a member now at or over their daily token limit (usage happened: it is recorded all the same). */
  overDailyLimit: boolean;
}

export interface RecordingReport {
  events: EventReport[];
  recorded: number;
  duplicates: number;
  rejected: number;
}

/** Whether each (member, model) of fresh events is now at or over the member's daily limit (TokenLimitsService). */
export interface LimitFlags {
  atOrOverLimit(organizationId: string, pairs: readonly { userId: string | null; model: string | null }[]): Promise<boolean[]>;
}

/** Told after a commit that stored events (live usage). */
export type UsageRecorded = (organizationId: string, events: readonly AcceptedUsageEvent[]) => void;

/**
 * recordUsage: checks every event of a batch on its own, prices those that came without a cost,
 * and stores the good ones with their rollups in one transaction. A bad event is refused with its
 * reason and the rest still count.
 */
export class UsageRecordingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ComputeTypeCatalogue,
    private readonly directory: OrganizationDirectory,
    private readonly writer: UsageWriter,
    private readonly now: () => number,
    private readonly recorded: UsageRecorded,
    /** Absent: events are not checked against daily limits (a service built without them). */
    private readonly limits: LimitFlags | null = null,
  ) {}

  async record(viewer: Viewer, events: readonly ReportedUsageEvent[]): Promise<MeteringResult<RecordingReport>> {
    if (viewer.kind !== 'apiKey') {
      throw new GraphQLError('Usage is reported by the platform\'s services with an API key holding Analytics WRITE.', { extensions: { code: 'FORBIDDEN' } });
    }
    if (events.length === 0) return refused(new RuleViolation('NO_EVENTS', 'Send at least one event.', ['input', 'events']));
    if (events.length > maxEventsPerBatch) return refused(new RuleViolation('TOO_MANY_EVENTS', `A batch holds at most ${maxEventsPerBatch} events; split it.`, ['input', 'events']));
    const { organizationId } = viewer;
    const nowMs = this.now();
    const types = await this.catalogue.keys();
    const reports: EventReport[] = events.map((e, index) => ({ index, eventId: e.id, status: 'REJECTED', violation: null, overDailyLimit: false }));
    const checked: { index: number; event: NormalizedEvent }[] = [];
    events.forEach((event, index) => {
      const result = checkEvent(event, index, types, nowMs);
      if (result.ok) checked.push({ index, event: result.event });
      else reports[index].violation = result.violation;
    });
    const known = await this.directory.known(organizationId, distinct(checked.map((c) => c.event.userId)), distinct(checked.map((c) => c.event.spaceId)));
    const prices = await PriceVersions.load(this.dataSource, organizationId, unpricedModels(checked.map((c) => c.event)));
    const accepted: { index: number; event: AcceptedUsageEvent }[] = [];
    for (const { index, event } of checked) {
      const at = (field: string) => ['input', 'events', String(index), field];
      // Another organization's user or space is answered exactly like one that does not exist.
      if (event.userId && !known.users.has(event.userId)) reports[index].violation = new RuleViolation('USER_NOT_FOUND', 'No such member of this organization.', at('userId'));
      else if (event.spaceId && !known.spaces.has(event.spaceId)) reports[index].violation = new RuleViolation('SPACE_NOT_FOUND', 'No such space in this organization.', at('spaceId'));
      else {
        const priced = this.price(event, prices);
        if (priced) accepted.push({ index, event: priced });
        else reports[index].violation = new RuleViolation('NO_PRICE', `No price for ${event.provider ?? '(no provider)'} ${event.model ?? '(no model)'} at ${event.occurredAt.toISOString()}: send costMicroUsd, or set the model's price.`, at('costMicroUsd'));
      }
    }
    if (accepted.length > 0) {
      const outcomes = await this.writer.write(organizationId, viewer.keyId, accepted.map((a) => a.event));
      outcomes.forEach((outcome, i) => {
        const report = reports[accepted[i].index];
        if (outcome === 'ID_REUSED') report.violation = new RuleViolation('EVENT_ID_REUSED', 'This id was recorded before with different content.', ['input', 'events', String(report.index), 'id']);
        else report.status = outcome;
      });
      const stored = accepted.filter((_, i) => outcomes[i] === 'RECORDED');
      if (stored.length > 0) {
        this.recorded(organizationId, stored.map((a) => a.event));
        if (this.limits) {
          const flags = await this.limits.atOrOverLimit(organizationId, stored.map((a) => ({ userId: a.event.userId, model: a.event.model })));
          stored.forEach((a, i) => (reports[a.index].overDailyLimit = flags[i]));
        }
      }
    }
    const counts: Record<EventStatus, number> = { RECORDED: 0, DUPLICATE: 0, REJECTED: 0 };
    for (const r of reports) counts[r.status] += 1;
    return ok({ events: reports, recorded: counts.RECORDED, duplicates: counts.DUPLICATE, rejected: counts.REJECTED });
  }

  /** The event with its cost: as sent, or priced from the version in effect when it happened (null: no such price). */
  private price(event: NormalizedEvent, prices: PriceVersions): AcceptedUsageEvent | null {
    if (event.costMicroUsd !== null) return { ...event, costMicroUsd: event.costMicroUsd, priceId: null };
    if (event.inputTokens + event.outputTokens + event.cachedTokens === 0) return { ...event, costMicroUsd: 0, priceId: null };
    const version = event.provider && event.model ? prices.at(event.provider, event.model, event.occurredAt) : null;
    return version ? { ...event, costMicroUsd: costOf(event, version), priceId: version.id } : null;
  }
}

/** The models of events sent without a cost (the price book is read for those only). */
function unpricedModels(events: readonly NormalizedEvent[]): { provider: string; model: string }[] {
  const models: { provider: string; model: string }[] = [];
  for (const e of events) if (e.costMicroUsd === null && e.provider && e.model) models.push({ provider: e.provider, model: e.model });
  return models;
}

function distinct(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
