import { GraphQLError } from 'graphql';
import { CursorPosition } from '@gatehouse/shared';

/** A time-sorted cursor's instant (epoch ms); a cursor of another sort, or forged, is BAD_USER_INPUT rather than an invalid date in SQL. */
export function timeOf(position: CursorPosition): number {
  const value = typeof position.value === 'number' ? position.value : Number.NaN;
  if (!Number.isFinite(value) || Math.abs(value) > 8.64e15) throw new GraphQLError('The cursor is not valid for this order.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
  return value;
}
