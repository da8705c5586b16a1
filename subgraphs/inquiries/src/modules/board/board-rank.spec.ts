import fc from 'fast-check';
import { firstRank, isRank, rankAfter, rankBefore, rankBetween, spreadRanks } from './board-rank';

/** Applies a sequence of insert positions to an empty column and returns its ranks in order. */
function column(positions: number[]): string[] {
  const ranks: string[] = [];
  for (const p of positions) {
    const at = p % (ranks.length + 1);
    const rank = at === 0 ? rankBefore(ranks[0] ?? null) : at === ranks.length ? rankAfter(ranks.at(-1)!) : rankBetween(ranks[at - 1], ranks[at]);
    ranks.splice(at, 0, rank);
  }
  return ranks;
}

describe('board ranks', () => {
  it('always fall strictly between their neighbours, whatever the order of inserts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { maxLength: 300 }), (positions) => {
        const ranks = column(positions);
        for (let i = 1; i < ranks.length; i += 1) expect(ranks[i - 1] < ranks[i]).toBe(true);
        expect(ranks.every(isRank)).toBe(true);
      }),
    );
  });

  it('keep one length however many cards land at either end', () => {
    const atTop = column(Array.from({ length: 10_000 }, () => 0));
    const atEnd = column(Array.from({ length: 10_000 }, (_, i) => i));
    expect(new Set([...atTop, ...atEnd].map((r) => r.length))).toEqual(new Set([firstRank().length]));
  });

  it('lengthen by about a character per five drops into one spot', () => {
    const between = column([0, 1, ...Array.from({ length: 300 }, () => 1)]);
    expect(Math.max(...between.map((r) => r.length))).toBeLessThanOrEqual(firstRank().length + 300 / 5 + 2);
  });

  it('refuse neighbours out of order', () => {
    expect(() => rankBetween('b', 'a')).toThrow();
    expect(() => rankBetween('a', 'a')).toThrow();
  });

  it('spread out again in order, short, and leave room between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (count) => {
        const ranks = spreadRanks(count);
        expect(ranks).toHaveLength(count);
        for (let i = 1; i < ranks.length; i += 1) expect(ranks[i - 1] < ranks[i]).toBe(true);
        expect(ranks.every(isRank)).toBe(true);
        expect(new Set(ranks.map((r) => r.length))).toEqual(new Set([firstRank().length]));
      }),
      { numRuns: 50 },
    );
  });
});
