import { TokenLimitLevel } from './token-limit.entity';

/** A daily token limit setting as the rule reads it. */
export interface LimitSetting {
  level: TokenLimitLevel;
  /** The unit, group or member it is set on ('' for the organization-wide default). */
  targetId: string;
  /** '' for all models together, else the one model it limits. */
  model: string;
  /** 0 means unlimited. */
  dailyTokens: number;
}

/** Where a member's limits can come from: themselves, their groups, their units with every unit above them. */
export interface LimitReach {
  userId: string;
  unitIds: readonly string[];
  groupIds: readonly string[];
}

/** The limit in force for a member on one model scope, with every setting that applied. */
export interface EffectiveLimit {
  /** Tokens per day; null when unlimited (nothing set anywhere, or a 0 among the candidates). */
  limit: number | null;
  /** The setting that decided (the highest, or the first 0); null when nothing is set. */
  source: LimitSetting | null;
  /** Every setting that applies to the member on this scope, most specific level first. */
  candidates: LimitSetting[];
}

const specificity: Record<TokenLimitLevel, number> = { USER: 0, GROUP: 1, UNIT: 2, ORGANIZATION: 3 };

/** The settings that reach a member on one model scope ('' for all models). */
export function applicableSettings(settings: readonly LimitSetting[], reach: LimitReach, model: string): LimitSetting[] {
  const units = new Set(reach.unitIds);
  const groups = new Set(reach.groupIds);
  const applies = (s: LimitSetting) =>
    s.model === model &&
    ((s.level === 'ORGANIZATION') || (s.level === 'UNIT' && units.has(s.targetId)) || (s.level === 'GROUP' && groups.has(s.targetId)) || (s.level === 'USER' && s.targetId === reach.userId));
  return settings.filter(applies).sort((a, b) => specificity[a.level] - specificity[b.level] || (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
}

/**
 * The seed's rule: when limits are set at several levels the most permissive (highest) applies, 0
 * (unlimited) wins at once, and nothing set anywhere means unlimited. Among equal values the most
 * specific setting is named as the source.
 */
export function mostPermissive(candidates: readonly LimitSetting[]): EffectiveLimit {
  let source: LimitSetting | null = null;
  for (const candidate of candidates) {
    if (candidate.dailyTokens === 0) return { limit: null, source: candidate, candidates: [...candidates] };
    if (!source || candidate.dailyTokens > source.dailyTokens) source = candidate;
  }
  return { limit: source ? source.dailyTokens : null, source, candidates: [...candidates] };
}

/** The member's limit on one model scope. */
export function effectiveLimit(settings: readonly LimitSetting[], reach: LimitReach, model: string): EffectiveLimit {
  return mostPermissive(applicableSettings(settings, reach, model));
}
