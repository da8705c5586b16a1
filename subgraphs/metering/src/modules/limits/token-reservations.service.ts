import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GraphQLError } from 'graphql';
import { RuleViolation, Viewer, dateParameter, findLocked, isUniqueViolation, ok, refused } from '@gatehouse/shared';
import { MeteringResult } from '../../errors/metering-error-code';
import { EventReport, UsageRecordingService } from '../recording/usage-recording.service';
import { ReportedUsageEvent } from '../recording/usage-event-input';
import { TokenBudgetLock, TokenHold } from './token-hold.entity';
import { LimitExplanation, ScopeState, TokenLimitsService, bindingOf, maxModelLength } from './token-limits.service';

export interface ReserveRequest {
  userId: string;
  model: string | null;
  estimate: number;
  requestId: string;
}

export type HoldStatus = 'OPEN' | 'SETTLED' | 'EXPIRED';

export interface HoldValue {
  id: string;
  requestId: string;
  userId: string | null;
  model: string | null;
  tokens: number;
  createdAt: Date;
  expiresAt: Date;
  status: HoldStatus;
  settledEventId: string | null;
}

export interface Reservation {
  hold: HoldValue | null;
  /** The member's limit as it stood when the reservation was decided (after the hold, when granted). */
  limit: LimitExplanation | null;
}

/** A refused reservation still tells the numbers it was refused by. */
export type ReservationResult = MeteringResult<Reservation> & { limit?: LimitExplanation | null };

export interface Settlement {
  hold: HoldValue;
  event: EventReport;
}

function requireApiKey(viewer: Viewer): Extract<Viewer, { kind: 'apiKey' }> {
  if (viewer.kind !== 'apiKey') throw new GraphQLError('Reservations are made by the platform\'s services with an API key holding Analytics WRITE.', { extensions: { code: 'FORBIDDEN' } });
  return viewer;
}

/**
 * reserveTokens and settleUsage: before a model call the platform holds the tokens it estimates,
 * granted only while used + held + estimate stays within the member's limit; after the call it
 * records the real usage, which releases the hold. Every reservation for a member takes that
 * member's lock row first, so concurrent reservations (on every instance: it is a row lock on
 * MySQL, and SQLite has one writer) are decided one after another against what the others left.
 */
export class TokenReservationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: TokenLimitsService,
    private readonly recording: UsageRecordingService,
    private readonly now: () => number,
    /** How long an unsettled hold counts (then it expires on its own). */
    private readonly holdMs: number,
  ) {}

  async reserve(viewer: Viewer, request: ReserveRequest): Promise<ReservationResult> {
    const { organizationId } = requireApiKey(viewer);
    const requestId = request.requestId.trim();
    const model = (request.model ?? '').trim();
    if (requestId.length === 0 || requestId.length > 128) return refused(new RuleViolation('INVALID_RESERVATION', 'A request id is 1 to 128 characters.', ['input', 'requestId']));
    if (model.length > maxModelLength) return refused(new RuleViolation('INVALID_RESERVATION', `A model is at most ${maxModelLength} characters.`, ['input', 'model']));
    if (!(Number.isSafeInteger(request.estimate) && request.estimate > 0)) return refused(new RuleViolation('INVALID_RESERVATION', 'An estimate is a whole number of tokens from 1 up.', ['input', 'estimate']));
    const earlier = await this.dataSource.getRepository(TokenHold).findOneBy({ organizationId, requestId });
    if (earlier) return this.answerAgain(earlier, { ...request, requestId, model });
    const reach = await this.limits.reachOf(organizationId, [request.userId]);
    const member = reach.get(request.userId);
    if (!member?.member) return refused(new RuleViolation('USER_NOT_FOUND', 'No such member of this organization.', ['input', 'userId']));
    // The lock row first, outside the transaction (insert-or-ignore: concurrent callers agree), so there is a row to lock.
    await this.dataSource.createQueryBuilder().insert().into(TokenBudgetLock).values({ organizationId, userId: request.userId }).orIgnore().execute();
    // Settings, units and groups are read before the lock (a change that lands meanwhile applies to the next reservation);
    // usage and holds inside it, where no other reservation for the member can move them.
    const basis = await this.limits.basisOf(organizationId, [request.userId], reach);
    try {
      return await this.dataSource.transaction(async (manager) => {
        // The lock is the transaction's first read: what follows sees every hold committed before it.
        await findLocked(manager, TokenBudgetLock, { organizationId, userId: request.userId });
        const limit = (await this.limits.measure(basis, model || null, manager)).get(request.userId)!;
        const short = [limit.allModels, limit.forModel].find((s): s is ScopeState => s !== null && s.limit !== null && s.used + s.held + request.estimate > s.limit);
        if (short) {
          const scope = short.model === '' ? 'all models' : short.model;
          const violation = new RuleViolation('LIMIT_EXCEEDED', `Daily token limit on ${scope}: ${short.limit} tokens; used ${short.used}, held ${short.held}, asked ${request.estimate}, remaining ${short.remaining}. Resets at ${new Date(limit.day.end).toISOString()}.`, ['input', 'estimate']);
          return { ...refused(violation), limit };
        }
        const createdAt = this.now();
        const hold: TokenHold = {
          id: randomUUID(), organizationId, requestId, userId: request.userId, model, tokens: request.estimate,
          createdAt: new Date(createdAt), expiresAt: new Date(createdAt + this.holdMs), settledAt: null, settledEventId: null,
        };
        await manager.insert(TokenHold, { ...hold, createdAt: dateParameter(manager.connection, createdAt) as Date, expiresAt: dateParameter(manager.connection, createdAt + this.holdMs) as Date });
        return ok({ hold: this.valueOf(hold), limit: withHold(limit, request.estimate) });
      });
    } catch (error) {
      // The same request id sent twice at once: the second answers the first's hold.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.dataSource.getRepository(TokenHold).findOneBy({ organizationId, requestId });
      if (!winner) throw error;
      return this.answerAgain(winner, { ...request, requestId, model });
    }
  }

  /**
   * Records the call's real usage through recordUsage's path (for the hold's member; its model unless
   * the event names one) and releases the hold. Settling again with the same event
   * answers the same; a hold settled with another event is refused. An expired hold can still be
   * settled: the usage happened.
   */
  async settle(viewer: Viewer, holdId: string, event: Omit<ReportedUsageEvent, 'userId'>): Promise<MeteringResult<Settlement>> {
    const { organizationId } = requireApiKey(viewer);
    const hold = holdId.length <= 64 ? await this.dataSource.getRepository(TokenHold).findOneBy({ organizationId, id: holdId }) : null;
    if (!hold) return refused(new RuleViolation('HOLD_NOT_FOUND', 'No such hold in this organization.', ['input', 'holdId']));
    if (hold.settledEventId !== null && hold.settledEventId !== event.id.trim()) return refused(new RuleViolation('HOLD_SETTLED', `This hold was settled with event ${hold.settledEventId}.`, ['input', 'holdId']));
    const reported: ReportedUsageEvent = { ...event, userId: hold.userId, model: event.model ?? (hold.model || null) };
    const recorded = await this.recording.record(viewer, [reported]);
    if (!recorded.ok) return recorded;
    const report = recorded.value.events[0];
    if (report.status === 'REJECTED') return refused(relocated(report.violation!));
    // Released once, by whichever settlement gets there first (a retry finds it released).
    await this.dataSource.getRepository(TokenHold).createQueryBuilder().update().set({ settledAt: dateParameter(this.dataSource, this.now()) as Date, settledEventId: report.eventId }).where('id = :id AND settledAt IS NULL', { id: hold.id }).execute();
    const settled = await this.dataSource.getRepository(TokenHold).findOneByOrFail({ id: hold.id });
    return ok({ hold: this.valueOf(settled), event: report });
  }

  /** A request id seen before: its hold again when the request is the same, else a refusal. */
  private async answerAgain(hold: TokenHold, request: ReserveRequest & { model: string }): Promise<ReservationResult> {
    if (hold.userId !== request.userId || hold.model !== request.model || hold.tokens !== request.estimate) {
      return refused(new RuleViolation('REQUEST_ID_REUSED', 'This request id was used for another reservation.', ['input', 'requestId']));
    }
    const limit = (await this.limits.explain(hold.organizationId, [request.userId], request.model || null)).get(request.userId) ?? null;
    return ok({ hold: this.valueOf(hold), limit });
  }

  private valueOf(hold: TokenHold): HoldValue {
    const status: HoldStatus = hold.settledAt ? 'SETTLED' : hold.expiresAt.getTime() <= this.now() ? 'EXPIRED' : 'OPEN';
    return { id: hold.id, requestId: hold.requestId, userId: hold.userId, model: hold.model || null, tokens: hold.tokens, createdAt: hold.createdAt, expiresAt: hold.expiresAt, status, settledEventId: hold.settledEventId };
  }
}

/** The explanation with a just-granted hold counted in. */
function withHold(limit: LimitExplanation, tokens: number): LimitExplanation {
  const add = (s: ScopeState): ScopeState => ({ ...s, held: s.held + tokens, remaining: s.remaining === null ? null : Math.max(0, s.remaining - tokens) });
  const allModels = add(limit.allModels);
  const forModel = limit.forModel ? add(limit.forModel) : null;
  return { ...limit, allModels, forModel, ...bindingOf(allModels, forModel) };
}

/** An event's violation, its field moved from input.events.0 to input.event. */
function relocated(violation: RuleViolation<never> | NonNullable<EventReport['violation']>): NonNullable<EventReport['violation']> {
  const field = violation.field ? ['input', 'event', ...violation.field.slice(3)] : ['input', 'event'];
  return new RuleViolation(violation.code, violation.message, field) as NonNullable<EventReport['violation']>;
}
