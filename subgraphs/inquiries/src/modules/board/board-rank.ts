/**
 * Positions of cards within a board column as strings that sort like the cards (fractional
 * indexing): moving a card writes only its own rank, a string strictly between its new
 * neighbours'. Digits and lower-case letters only, so every collation (SQLite's binary,
 * MySQL's case-insensitive ones) sorts them alike; a rank never ends in '0', so there is
 * always room before it. A card put at either end of a column (every new inquiry lands on
 * top) steps a fixed-width number down or up instead of halving, so ranks stay 13 characters
 * long however many cards arrive; only drops between two cards lengthen them.
 */
const digits = '0123456789abcdefghijklmnopqrstuvwxyz';
const base = digits.length;

/** Past this length a column's ranks are spread out again (ranks only grow where cards keep landing in one spot). */
export const maxRankLength = 100;

function digitAt(rank: string, i: number): number {
  return i < rank.length ? digits.indexOf(rank[i]) : 0;
}

/** True for a string this module could have made. */
export function isRank(value: string): boolean {
  return /^[0-9a-z]*[1-9a-z]$/.test(value);
}

/**
 * A rank after `before` and ahead of `after` (null: the column's start or end). Throws unless
 * before < after: the caller read both neighbours under the board's lock.
 */
export function rankBetween(before: string | null, after: string | null): string {
  const low = before ?? '';
  if (after !== null && !(low < after)) throw new Error(`no rank between ${JSON.stringify(before)} and ${JSON.stringify(after)}`);
  let high: string | null = after;
  let prefix = '';
  for (let i = 0; ; i += 1) {
    const a = digitAt(low, i);
    const b = high === null ? base : digitAt(high, i);
    if (a === b) {
      prefix += digits[a];
      continue;
    }
    const middle = Math.floor((a + b) / 2);
    if (middle > a) return prefix + digits[middle];
    // b is a + 1: keep a's digit; whatever follows stays below `high`, so only `low` bounds the rest.
    prefix += digits[a];
    high = null;
  }
}

/** Ranks made at a column's ends: a number of this many digits, then 'i'. */
const slotDigits = 12;
const slotSpace = BigInt(base) ** BigInt(slotDigits);
/** How far apart cards put at an end are: room for 2^31 drops between two of them before ranks lengthen by more than 6 characters, and for half a billion cards at each end. */
const slotStep = 2n ** 32n;

function slotOf(rank: string): bigint | null {
  if (rank.length !== slotDigits + 1 || !rank.endsWith('i')) return null;
  let value = 0n;
  for (const c of rank.slice(0, slotDigits)) value = value * BigInt(base) + BigInt(digits.indexOf(c));
  return value;
}

function slotRank(slot: bigint): string {
  let text = '';
  for (let d = 0, v = slot; d < slotDigits; d += 1, v /= BigInt(base)) text = digits[Number(v % BigInt(base))] + text;
  return `${text}i`;
}

/** The first rank of an empty column. */
export function firstRank(): string {
  return slotRank(slotSpace / 2n);
}

/** A rank ahead of `first` (the column's first card; null: the column is empty). */
export function rankBefore(first: string | null): string {
  if (first === null) return firstRank();
  const slot = slotOf(first);
  return slot !== null && slot >= slotStep ? slotRank(slot - slotStep) : rankBetween(null, first);
}

/** A rank after `last` (the column's last card; null: the column is empty). */
export function rankAfter(last: string | null): string {
  if (last === null) return firstRank();
  const slot = slotOf(last);
  return slot !== null && slot + slotStep < slotSpace ? slotRank(slot + slotStep) : rankBetween(last, null);
}

/** `count` ranks spread evenly over the whole range, in order, each of the ends' length (a column spread out again). */
export function spreadRanks(count: number): string[] {
  return Array.from({ length: count }, (_, i) => slotRank((slotSpace * BigInt(i + 1)) / BigInt(count + 1)));
}
