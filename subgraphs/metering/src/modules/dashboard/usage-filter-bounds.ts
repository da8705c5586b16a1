import { RuleViolation } from '@gatehouse/shared';
import { MeteringViolation } from '../../errors/metering-error-code';
import { UsageFilterValue } from './usage-scope';

/**
 * The most compute types one filter names: the catalogue has six, and every entry becomes a SQL
 * parameter, so a list of 100,000 would run into the database's parameter limit.
 */
export const maxFilterComputeTypes = 20;

/** Why a filter's lists are refused (before anything is read), or null when they fit. */
export function filterBoundsViolation(filter: UsageFilterValue): MeteringViolation | null {
  if ((filter.computeTypes?.length ?? 0) > maxFilterComputeTypes) return new RuleViolation('TOO_MANY_COMPUTE_TYPES', `A filter names at most ${maxFilterComputeTypes} compute types.`, ['filter', 'computeTypes']);
  return null;
}
