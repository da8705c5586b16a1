import { DataSource, EntityManager, In } from 'typeorm';
import { Area, Level, MemberViewer, RuleViolation, findLocked, forbidden, isUniqueViolation, ok, permissionsCover, refused, viewerCan } from '@gatehouse/shared';
import { MeteringResult } from '../../errors/metering-error-code';
import { recordMeteringEvent } from '../../events';
import { LocalDay, localDayAt } from '../dashboard/local-days';
import { organizationTimeZone } from '../dashboard/usage-settings.service';
import { DayTokens, heldNow, tokensOn, usedInDay, usersWithUsageIn } from './daily-usage';
import { EffectiveLimit, LimitReach, LimitSetting, effectiveLimit } from './effective-limit';
import { LimitDirectory, MemberReach } from './limit-directory';
import { LimitAlerts, ScopeStanding } from './limit-alerts';
import { TokenLimit, TokenLimitLevel } from './token-limit.entity';

/** Longest model name a limit may name (as events do). */
export const maxModelLength = 128;

/** One model scope of a member's day: its limit, what was used and is held, and what remains. */
export interface ScopeState extends EffectiveLimit {
  /** '' for all models together. */
  model: string;
  used: number;
  held: number;
  /** null when unlimited; never below 0. */
  remaining: number | null;
}

/** A member's daily token limit as `effectiveTokenLimit` explains it. */
export interface LimitExplanation {
  organizationId: string;
  userId: string;
  /** The model asked about (null: all models only). */
  model: string | null;
  day: LocalDay;
  timeZone: string;
  allModels: ScopeState;
  /** The asked model's own limit; null when no model was asked. */
  forModel: ScopeState | null;
  /** The scope that binds (least remaining): its limit and remainder; null limit when both are unlimited. */
  limit: number | null;
  remaining: number | null;
  source: LimitSetting | null;
}

/** What members' limits depend on besides usage. */
export interface LimitBasis {
  organizationId: string;
  userIds: readonly string[];
  members: MemberReach[];
  settings: LimitSetting[];
  day: LocalDay;
  timeZone: string;
}

export interface LimitTarget {
  level: TokenLimitLevel;
  /** The unit, group or member (absent, null or '' for ORGANIZATION). */
  targetId?: string | null;
  /** Absent, null or '' for all models. */
  model?: string | null;
}

export interface StoredLimit extends LimitSetting {
  setBy: string | null;
  setAt: Date;
}

/**
 * Daily token limits: the settings at the four levels, and what they come to for a member today
 * (the most permissive setting that reaches them, per model scope), read in one place for
 * `effectiveTokenLimit`, `User.dailyTokenLimit`, reservations and ingest.
 */
export class TokenLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: LimitDirectory,
    private readonly now: () => number,
    private readonly afterCommit: () => Promise<void>,
    /** Tells members and admins when usage crosses the alert thresholds (absent: nobody is told). */
    private readonly alerts: LimitAlerts | null = null,
  ) {}

  /** Where limits reach these members from (their units and groups), asked of access control. */
  reachOf(organizationId: string, userIds: readonly string[]): Promise<Map<string, MemberReach>> {
    return this.directory.reachOf(organizationId, userIds);
  }

  /**
   * For each (member, model) of freshly recorded events: whether the member is now at or over their
   * limit today, on all models or on that model; crossing an alert threshold tells them and the
   * admins. Reads nothing more when the organization has no limit set anywhere (the usual case), so
   * ingest pays for limits only where there are some.
   */
  async atOrOverLimit(organizationId: string, pairs: readonly { userId: string | null; model: string | null }[]): Promise<boolean[]> {
    const flagged = pairs.map(() => false);
    const userIds = [...new Set(pairs.map((p) => p.userId).filter((id): id is string => id !== null))];
    if (userIds.length === 0 || !(await this.dataSource.getRepository(TokenLimit).exists({ where: { organizationId } }))) return flagged;
    // Access control's answer and today's usage do not depend on each other: asked at once.
    const [reach, { day, used }] = await Promise.all([
      this.directory.reachOf(organizationId, userIds),
      this.today(organizationId).then(async ({ day }) => ({ day, used: await usedInDay(this.dataSource.manager, organizationId, userIds, day) })),
    ]);
    const members = [...reach.values()].filter((r) => r.member);
    const settings = await this.settingsReaching(this.dataSource.manager, organizationId, members);
    // Each member's standing on all models and on each model of the batch, once.
    const standings = new Map<string, ScopeStanding>();
    const standing = (member: MemberReach, model: string): ScopeStanding => {
      const key = `${member.userId}\u0000${model}`;
      let found = standings.get(key);
      if (!found) standings.set(key, (found = { userId: member.userId, model, limit: effectiveLimit(settings, member, model).limit, used: tokensOn(used.get(member.userId), model) }));
      return found;
    };
    const reached = (s: ScopeStanding) => s.limit !== null && s.used >= s.limit;
    pairs.forEach((pair, i) => {
      const member = pair.userId ? reach.get(pair.userId) : undefined;
      if (!member?.member) return;
      flagged[i] = reached(standing(member, '')) || (pair.model !== null && reached(standing(member, pair.model)));
    });
    await this.alerts?.consider(organizationId, day.date, [...standings.values()]);
    return flagged;
  }

  /** The settings that can reach these members (the organization's default, their units, groups and own). */
  async settingsReaching(manager: EntityManager, organizationId: string, reaches: readonly LimitReach[]): Promise<LimitSetting[]> {
    const units = [...new Set(reaches.flatMap((r) => r.unitIds))];
    const groups = [...new Set(reaches.flatMap((r) => r.groupIds))];
    const users = [...new Set(reaches.map((r) => r.userId))];
    const where = [
      { organizationId, level: 'ORGANIZATION' as const },
      ...(units.length ? [{ organizationId, level: 'UNIT' as const, targetId: In(units) }] : []),
      ...(groups.length ? [{ organizationId, level: 'GROUP' as const, targetId: In(groups) }] : []),
      ...(users.length ? [{ organizationId, level: 'USER' as const, targetId: In(users) }] : []),
    ];
    return (await manager.find(TokenLimit, { where })).map(toSetting);
  }

  /** The organization's day now, and its zone. */
  async today(organizationId: string, manager: EntityManager = this.dataSource.manager): Promise<{ day: LocalDay; timeZone: string }> {
    const timeZone = await organizationTimeZone(manager, organizationId);
    return { day: localDayAt(this.now(), timeZone), timeZone };
  }

  /**
   * What each member's limit comes to now, with what they used today and hold: null for an account
   * that is not a member of the organization.
   */
  async explain(organizationId: string, userIds: readonly string[], model: string | null, known?: Map<string, MemberReach>): Promise<Map<string, LimitExplanation | null>> {
    return this.measure(await this.basisOf(organizationId, userIds, known), model);
  }

  /** What members' limits depend on besides usage (units, groups, settings, the day): read before a reservation takes its lock. */
  async basisOf(organizationId: string, userIds: readonly string[], known?: Map<string, MemberReach>): Promise<LimitBasis> {
    const reach = known ?? (await this.directory.reachOf(organizationId, userIds));
    const members = [...new Set(userIds)].map((id) => reach.get(id)).filter((r): r is MemberReach => r !== undefined && r.member);
    if (members.length === 0) return { organizationId, userIds, members, settings: [], ...(await this.today(organizationId)) };
    const [today, settings] = await Promise.all([this.today(organizationId), this.settingsReaching(this.dataSource.manager, organizationId, members)]);
    return { organizationId, userIds, members, settings, ...today };
  }

  /** The basis with today's usage and open holds, read through `manager` (inside a reservation's lock). */
  async measure(basis: LimitBasis, model: string | null, manager: EntityManager = this.dataSource.manager): Promise<Map<string, LimitExplanation | null>> {
    const { organizationId, members, settings, day, timeZone } = basis;
    const result = new Map<string, LimitExplanation | null>(basis.userIds.map((id) => [id, null]));
    if (members.length === 0) return result;
    const memberIds = members.map((m) => m.userId);
    const [used, held] = await Promise.all([usedInDay(manager, organizationId, memberIds, day), heldNow(manager, organizationId, memberIds, this.now())]);
    for (const member of members) result.set(member.userId, explanationOf(organizationId, member, model, settings, used.get(member.userId), held.get(member.userId), day, timeZone));
    return result;
  }

  async list(organizationId: string, level: TokenLimitLevel | null): Promise<StoredLimit[]> {
    const rows = await this.dataSource.getRepository(TokenLimit).find({ where: { organizationId, ...(level ? { level } : {}) }, order: { level: 'ASC', targetId: 'ASC', model: 'ASC' } });
    return rows.map((r) => ({ ...toSetting(r), setBy: r.setBy, setAt: r.setAt }));
  }

  /**
   * Sets (dailyTokens a number) or removes (null) one setting, audited as LIMIT_CHANGED with before
   * and after. The organization-wide default takes Usage Limits WRITE; a unit's, group's or member's
   * Scoped Limits WRITE. Nobody sets their own limit: not their own member setting, and not a
   * unit's or group's they are in when it would raise what they may use.
   */
  async change(actor: MemberViewer, target: LimitTarget, dailyTokens: number | null, cause?: { inquiryId: string }): Promise<MeteringResult<StoredLimit | null>> {
    requireWriteOn(actor, target.level);
    const checked = await this.checkTarget(actor, target, dailyTokens);
    if (!checked.ok) return checked;
    const { organizationId, targetId, model } = checked.value;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.dataSource.transaction(async (manager) => {
          const key = { organizationId, level: target.level, targetId, model };
          const before = await findLocked(manager, TokenLimit, key);
          const beforeTokens = before?.dailyTokens ?? null;
          if (beforeTokens === dailyTokens) return { stored: before, changed: false };
          const setAt = new Date(this.now());
          if (dailyTokens === null) await manager.delete(TokenLimit, key);
          else if (before) await manager.update(TokenLimit, key, { dailyTokens, setBy: actor.accountId, setAt });
          else await manager.insert(TokenLimit, { ...key, dailyTokens, setBy: actor.accountId, setAt });
          await recordMeteringEvent(manager, 'token_limit.changed', {
            organizationId, actorId: actor.accountId, level: target.level, targetId: targetId || null, model: model || null,
            before: beforeTokens === null ? null : { dailyTokens: beforeTokens },
            after: dailyTokens === null ? null : { dailyTokens },
            ...cause,
          });
          return { stored: dailyTokens === null ? null : ({ ...key, dailyTokens, setBy: actor.accountId, setAt } as TokenLimit), changed: true };
        });
        if (outcome.changed) await this.afterCommit();
        return ok(outcome.stored ? { ...toSetting(outcome.stored), setBy: outcome.stored.setBy, setAt: outcome.stored.setAt } : null);
      } catch (error) {
        // Two first settings of one key at once: the loser reads the winner's row and goes again.
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /**
   * A dry run of `change`: the members with usage today whose limit on the setting's model scope it
   * reaches, and those who would then be over it. Refused like the change itself.
   */
  async preview(actor: MemberViewer, target: LimitTarget, dailyTokens: number | null): Promise<MeteringResult<LimitChangePreview>> {
    requireWriteOn(actor, target.level);
    const checked = await this.checkTarget(actor, target, dailyTokens);
    if (!checked.ok) return checked;
    const { organizationId, targetId, model } = checked.value;
    const { day } = await this.today(organizationId);
    const userIds = await usersWithUsageIn(this.dataSource.manager, organizationId, day);
    const reach = [...(await this.directory.reachOf(organizationId, userIds)).values()].filter((r) => r.member);
    const [settings, used] = await Promise.all([this.settingsReaching(this.dataSource.manager, organizationId, reach), usedInDay(this.dataSource.manager, organizationId, userIds, day)]);
    const same = (s: LimitSetting) => s.level === target.level && s.targetId === targetId && s.model === model;
    const after = [...settings.filter((s) => !same(s)), ...(dailyTokens === null ? [] : [{ level: target.level, targetId, model, dailyTokens }])];
    const reached = reach.filter((r) => target.level === 'ORGANIZATION' || (target.level === 'UNIT' && r.unitIds.includes(targetId)) || (target.level === 'GROUP' && r.groupIds.includes(targetId)) || (target.level === 'USER' && r.userId === targetId));
    const overLimit = reached
      .map((r) => ({ userId: r.userId, used: tokensOn(used.get(r.userId), model), limitNow: effectiveLimit(settings, r, model).limit, limitAfter: effectiveLimit(after, r, model).limit }))
      .filter((m) => m.limitAfter !== null && m.used > m.limitAfter)
      .map((m) => ({ ...m, overBy: m.used - m.limitAfter! }))
      .sort((a, b) => b.overBy - a.overBy || (a.userId < b.userId ? -1 : 1));
    return ok({ membersReached: reached.length, overLimit });
  }

  /** The setting's key as stored, or why it cannot be set by this actor. */
  private async checkTarget(actor: MemberViewer, target: LimitTarget, dailyTokens: number | null): Promise<MeteringResult<{ organizationId: string; targetId: string; model: string }>> {
    const { organizationId } = actor;
    const targetId = (target.targetId ?? '').trim();
    const model = (target.model ?? '').trim();
    if (dailyTokens !== null && !(Number.isSafeInteger(dailyTokens) && dailyTokens >= 0)) return refused(new RuleViolation('INVALID_LIMIT', 'A daily token limit is a whole number from 0 (unlimited) up.', ['input', 'dailyTokens']));
    if (model.length > maxModelLength) return refused(new RuleViolation('INVALID_LIMIT', `A model is at most ${maxModelLength} characters.`, ['input', 'model']));
    if (target.level === 'ORGANIZATION') {
      if (targetId !== '') return refused(new RuleViolation('INVALID_LIMIT', 'The organization-wide limit names no target.', ['input', 'targetId']));
      return ok({ organizationId, targetId, model });
    }
    if (targetId === '' || targetId.length > 64 || !(await this.directory.targetExists(organizationId, target.level, targetId))) {
      return refused(new RuleViolation('LIMIT_TARGET_NOT_FOUND', `No such ${target.level === 'USER' ? 'member' : target.level === 'GROUP' ? 'group' : 'unit'} in this organization.`, ['input', 'targetId']));
    }
    if (target.level === 'USER' && targetId === actor.accountId) return refused(new RuleViolation('OWN_LIMIT', 'Nobody sets their own daily token limit: ask another admin.', ['input', 'targetId']));
    if (target.level === 'USER') {
      // The rule of every path that acts on a member: nobody acts on someone holding more than they do. With no
      // organization default set, a member's own setting is their only limit: an Admin could cap a Super Admin.
      const held = await this.directory.heldBy(organizationId, targetId);
      if (held && !permissionsCover(actor.permissions, held)) return refused(new RuleViolation('TARGET_MORE_PRIVILEGED', 'This member holds permissions you do not have, so you cannot set their limit.', ['input', 'targetId']));
    }
    if (target.level !== 'USER' && (await this.wouldRaiseOwn(actor, { level: target.level, targetId, model, dailyTokens }))) {
      return refused(new RuleViolation('OWN_LIMIT', `You are in this ${target.level === 'GROUP' ? 'group' : 'unit'}: this would raise your own daily token limit. Ask another admin.`, ['input', 'dailyTokens']));
    }
    return ok({ organizationId, targetId, model });
  }

  /** Whether a unit's or group's new value would let the actor use more than now (on that model scope). */
  private async wouldRaiseOwn(actor: MemberViewer, change: { level: TokenLimitLevel; targetId: string; model: string; dailyTokens: number | null }): Promise<boolean> {
    const reach = (await this.directory.reachOf(actor.organizationId, [actor.accountId])).get(actor.accountId);
    if (!reach) return false;
    const inTarget = change.level === 'GROUP' ? reach.groupIds.includes(change.targetId) : reach.unitIds.includes(change.targetId);
    if (!inTarget) return false;
    const settings = await this.settingsReaching(this.dataSource.manager, actor.organizationId, [reach]);
    const same = (s: LimitSetting) => s.level === change.level && s.targetId === change.targetId && s.model === change.model;
    const after = [...settings.filter((s) => !same(s)), ...(change.dailyTokens === null ? [] : [{ ...change, dailyTokens: change.dailyTokens }])];
    return morePermissive(effectiveLimit(after, reach, change.model).limit, effectiveLimit(settings, reach, change.model).limit);
  }
}

export interface LimitChangePreview {
  membersReached: number;
  overLimit: { userId: string; used: number; limitNow: number | null; limitAfter: number | null; overBy: number }[];
}

/** The organization-wide default takes Usage Limits WRITE; a unit's, group's or member's Scoped Limits WRITE. */
function requireWriteOn(actor: MemberViewer, level: TokenLimitLevel): void {
  const area = level === 'ORGANIZATION' ? Area.USAGE_LIMITS : Area.SCOPED_LIMITS;
  if (!viewerCan(actor, area, Level.WRITE)) throw forbidden(level === 'ORGANIZATION' ? 'The organization-wide limit takes Usage Limits WRITE.' : 'Limits of units, groups and members take Scoped Limits WRITE.');
}

/** Whether limit `a` lets a member use more than limit `b` (null is unlimited). */
export function morePermissive(a: number | null, b: number | null): boolean {
  if (a === b) return false;
  if (a === null) return true;
  if (b === null) return false;
  return a > b;
}

function toSetting(row: TokenLimit): LimitSetting {
  return { level: row.level, targetId: row.targetId, model: row.model, dailyTokens: row.dailyTokens };
}

function scopeState(model: string, limit: EffectiveLimit, used: number, held: number): ScopeState {
  return { ...limit, model, used, held, remaining: limit.limit === null ? null : Math.max(0, limit.limit - used - held) };
}

function explanationOf(organizationId: string, reach: LimitReach, model: string | null, settings: readonly LimitSetting[], used: DayTokens | undefined, held: DayTokens | undefined, day: LocalDay, timeZone: string): LimitExplanation {
  const allModels = scopeState('', effectiveLimit(settings, reach, ''), tokensOn(used, ''), tokensOn(held, ''));
  const forModel = model ? scopeState(model, effectiveLimit(settings, reach, model), tokensOn(used, model), tokensOn(held, model)) : null;
  return { organizationId, userId: reach.userId, model, day, timeZone, allModels, forModel, ...bindingOf(allModels, forModel) };
}

/** The scope that binds, the one with the least left (an unlimited scope never binds): its limit, remainder and source. */
export function bindingOf(allModels: ScopeState, forModel: ScopeState | null): Pick<LimitExplanation, 'limit' | 'remaining' | 'source'> {
  const binding = [allModels, forModel].filter((s): s is ScopeState => s !== null && s.remaining !== null).sort((a, b) => a.remaining! - b.remaining!)[0] ?? null;
  return { limit: binding?.limit ?? null, remaining: binding?.remaining ?? null, source: binding?.source ?? allModels.source };
}
