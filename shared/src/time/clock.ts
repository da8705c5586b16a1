/**
 * Where a subgraph reads the time for rules that span days (an invitation's 7-day expiry): the
 * system clock in production, a clock a test moves forward instead of waiting a week.
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that follows the system clock plus an offset the test moves forward. */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
}

export function adjustableClock(): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (ms) => {
      if (!(ms >= 0)) throw new Error('a clock only moves forward');
      offsetMs += ms;
    },
  };
}
