import { EntityManager } from 'typeorm';
import { toNumber } from '../../big-integers';
import { UsageQuarterHourly, quarterMs } from '../recording/usage-rollup.entity';
import { dateParameter } from '@gatehouse/shared';
import { TokenHold } from './token-hold.entity';
import { LocalDay } from '../dashboard/local-days';

/** Tokens of one member's day: all models together and per model. */
export interface DayTokens {
  total: number;
  byModel: Map<string, number>;
}

const none = (): DayTokens => ({ total: 0, byModel: new Map() });

/** Tokens on one model scope ('' for all models). */
export function tokensOn(day: DayTokens | undefined, model: string): number {
  if (!day) return 0;
  return model === '' ? day.total : (day.byModel.get(model) ?? 0);
}

/**
 * Tokens (input + output + cached) the members used in the organization's day, from the
 * quarter-hour rollup (a day begins on a quarter-hour in every zone): written in the ingest
 * transaction, so what is recorded counts at once, and a change of time zone moves the window.
 */
export async function usedInDay(manager: EntityManager, organizationId: string, userIds: readonly string[], day: LocalDay): Promise<Map<string, DayTokens>> {
  const used = new Map<string, DayTokens>();
  if (userIds.length === 0) return used;
  const rows: { userId: string; model: string; tokens: string | number }[] = await manager
    .getRepository(UsageQuarterHourly)
    .createQueryBuilder('r')
    .select('r.userId', 'userId')
    .addSelect('r.model', 'model')
    .addSelect('SUM(r.inputTokens + r.outputTokens + r.cachedTokens)', 'tokens')
    .where('r.organizationId = :organizationId', { organizationId })
    .andWhere('r.userId IN (:...userIds)', { userIds: [...userIds] })
    .andWhere('r.bucket >= :from AND r.bucket < :to', { from: Math.floor(day.start / quarterMs), to: Math.ceil(day.end / quarterMs) })
    .groupBy('r.userId')
    .addGroupBy('r.model')
    .getRawMany();
  for (const row of rows) add(used, row.userId, row.model, toNumber(row.tokens));
  return used;
}

/** Tokens the members' open holds keep back (not settled, not expired at `nowMs`). */
export async function heldNow(manager: EntityManager, organizationId: string, userIds: readonly string[], nowMs: number): Promise<Map<string, DayTokens>> {
  const held = new Map<string, DayTokens>();
  if (userIds.length === 0) return held;
  const rows: { userId: string; model: string; tokens: string | number }[] = await manager
    .getRepository(TokenHold)
    .createQueryBuilder('h')
    .select('h.userId', 'userId')
    .addSelect('h.model', 'model')
    .addSelect('SUM(h.tokens)', 'tokens')
    .where('h.organizationId = :organizationId', { organizationId })
    .andWhere('h.userId IN (:...userIds)', { userIds: [...userIds] })
    .andWhere('h.settledAt IS NULL AND h.expiresAt > :now', { now: dateParameter(manager.connection, nowMs) })
    .groupBy('h.userId')
    .addGroupBy('h.model')
    .getRawMany();
  for (const row of rows) add(held, row.userId, row.model, toNumber(row.tokens));
  return held;
}

function add(into: Map<string, DayTokens>, userId: string, model: string, tokens: number): void {
  let day = into.get(userId);
  if (!day) into.set(userId, (day = none()));
  day.total += tokens;
  if (model !== '') day.byModel.set(model, (day.byModel.get(model) ?? 0) + tokens);
}

/** The members with any usage recorded in the organization's day (only they can be over a limit today). */
export async function usersWithUsageIn(manager: EntityManager, organizationId: string, day: LocalDay): Promise<string[]> {
  const rows: { userId: string }[] = await manager
    .getRepository(UsageQuarterHourly)
    .createQueryBuilder('r')
    .select('DISTINCT r.userId', 'userId')
    .where('r.organizationId = :organizationId', { organizationId })
    .andWhere('r.bucket >= :from AND r.bucket < :to', { from: Math.floor(day.start / quarterMs), to: Math.ceil(day.end / quarterMs) })
    .andWhere("r.userId <> ''")
    .getRawMany();
  return rows.map((r) => r.userId);
}
