/**
 * Where the days of a time zone begin, as UTC instants. Days come from the zone's own rules
 * (Intl), so a 23- or 25-hour day when daylight saving time changes, and zones at +05:30 or
 * +05:45, are exact. Every offset in use is a multiple of 15 minutes: a day begins on a
 * quarter-hour, which is what the quarter-hour rollup resolves.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date (YYYY-MM-DD) at an instant. */
export function localDateAt(epochMs: number, timeZone: string): string {
  return formatterOf(timeZone).format(new Date(epochMs));
}

const quarter = 900_000;

/**
 * The first instant of a local date (its midnight, or the end of a gap when midnight does not
 * exist that day): the first quarter-hour whose local date is `date`. The search starts 15 hours
 * before UTC midnight of that date (no zone is further ahead) and steps a quarter at a time, with
 * big steps first.
 */
export function startOfLocalDate(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  let low = Date.UTC(y, m - 1, d) - 15 * 3_600_000; // local date is before `date` here
  let high = Date.UTC(y, m - 1, d) + 13 * 3_600_000; // and `date` (or later) here
  // Binary search on quarter-hours: local dates only move forward with time.
  while (high - low > quarter) {
    const middle = low + Math.floor((high - low) / quarter / 2) * quarter;
    if (localDateAt(middle, timeZone) >= date) high = middle;
    else low = middle;
  }
  return high;
}

/** The date after a YYYY-MM-DD date. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A local date with the instants [start, end) it spans. */
export interface LocalDay {
  date: string;
  start: number;
  end: number;
}

/** The local day an instant falls in ("today" in the zone), with the instant it resets at (`end`). */
export function localDayAt(epochMs: number, timeZone: string): LocalDay {
  const date = localDateAt(epochMs, timeZone);
  return { date, start: startOfLocalDate(date, timeZone), end: startOfLocalDate(nextDate(date), timeZone) };
}

/** Each day from `from` to `to` (inclusive) with the instants it begins and ends at. */
export function localDays(from: string, to: string, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  let start = startOfLocalDate(from, timeZone);
  for (let date = from; date <= to; ) {
    const next = nextDate(date);
    const end = startOfLocalDate(next, timeZone);
    days.push({ date, start, end });
    date = next;
    start = end;
  }
  return days;
}
