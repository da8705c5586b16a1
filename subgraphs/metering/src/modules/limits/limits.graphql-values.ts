import { LimitSetting } from './effective-limit';
import { LimitExplanation, ScopeState, StoredLimit } from './token-limits.service';
import { HoldValue } from './token-reservations.service';
import { EffectiveTokenLimitType, TokenHoldType, TokenLimitScopeType, TokenLimitSettingType } from './limits.types';

/** A setting as the API shows it (its target as the entity it names). */
export function settingValue(setting: LimitSetting | StoredLimit): TokenLimitSettingType {
  const target = setting.targetId === '' ? null : setting.targetId;
  const stored = 'setAt' in setting ? setting : null;
  return {
    level: setting.level,
    targetId: target,
    user: setting.level === 'USER' && target ? { id: target } : null,
    group: setting.level === 'GROUP' && target ? { id: target } : null,
    unit: setting.level === 'UNIT' && target ? { id: target } : null,
    model: setting.model === '' ? null : setting.model,
    dailyTokens: setting.dailyTokens,
    setAt: stored?.setAt ?? null,
    setBy: stored?.setBy ? { id: stored.setBy } : null,
  };
}

function scopeValue(scope: ScopeState): TokenLimitScopeType {
  return {
    model: scope.model === '' ? null : scope.model,
    limit: scope.limit,
    source: scope.source ? settingValue(scope.source) : null,
    candidates: scope.candidates.map(settingValue),
    usedToday: scope.used,
    held: scope.held,
    remaining: scope.remaining,
  };
}

export function effectiveValue(e: LimitExplanation): EffectiveTokenLimitType {
  return {
    user: { id: e.userId },
    model: e.model,
    date: e.day.date,
    timeZone: e.timeZone,
    resetsAt: new Date(e.day.end),
    limit: e.limit,
    remaining: e.remaining,
    usedToday: e.allModels.used,
    level: e.source?.level ?? null,
    source: e.source ? settingValue(e.source) : null,
    allModels: scopeValue(e.allModels),
    forModel: e.forModel ? scopeValue(e.forModel) : null,
  };
}

export function holdValue(hold: HoldValue): TokenHoldType {
  return { ...hold, user: hold.userId ? { id: hold.userId } : null };
}
