import { UsageFilterValue, UsageScope } from '../dashboard/usage-scope';
import { UsageQuery } from '../dashboard/usage.service';

/** How long a settled answer stays for subscribers that reach the same notice late (then it is computed again). */
const keepSettledMs = 5000;

/**
 * One answer per notice for every subscriber of this instance asking the same question: a thousand
 * dashboards watching one organization under one notice make one report, not a thousand. An answer
 * is shared only under the notice it was asked for, so it was computed after that notice arrived
 * (after the commit it announces); the scope in the key is the one each subscriber's own permission
 * check produced, so nobody is handed an answer wider than their own.
 */
export class SharedAnswers<T> {
  private readonly answers = new Map<string, { notice: string; answer: Promise<T> }>();

  answer(key: string, notice: string, compute: () => Promise<T>): Promise<T> {
    const known = this.answers.get(key);
    if (known && known.notice === notice) return known.answer;
    const answer = compute();
    const entry = { notice, answer };
    this.answers.set(key, entry);
    const forget = () => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    };
    // A failure is not shared with later askers; a success is, for a while.
    answer.then(() => setTimeout(forget, keepSettledMs).unref(), forget);
    return answer;
  }

  /** Entries held now (for tests: they must not outlive their subscribers for long). */
  get size(): number {
    return this.answers.size;
  }
}

/** The question a usageUpdated subscriber asks: its scope and its filter, normalised (space ids' and compute types' order). */
export function usageQuestion(scope: UsageScope, filter: UsageFilterValue & Pick<UsageQuery, 'from' | 'to' | 'timeZone'>): string {
  const who = scope.all ? ['all'] : ['some', [...scope.spaceIds].sort(), scope.userId ?? null];
  const computeTypes = filter.computeTypes && filter.computeTypes.length > 0 ? [...filter.computeTypes].sort() : null;
  return JSON.stringify([scope.organizationId, who, filter.from, filter.to, filter.timeZone ?? null, filter.spaceId ?? null, filter.agentId ?? null, filter.userId ?? null, computeTypes]);
}
