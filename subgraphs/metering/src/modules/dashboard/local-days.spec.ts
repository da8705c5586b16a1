import { isTimeZone, localDayAt, localDays, startOfLocalDate } from './local-days';

describe('local days', () => {
  it('a day starts at local midnight in zones at whole, half and three-quarter hours', () => {
    expect(new Date(startOfLocalDate('2026-03-10', 'UTC')).toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(new Date(startOfLocalDate('2026-03-10', 'Asia/Kolkata')).toISOString()).toBe('2026-03-09T18:30:00.000Z');
    expect(new Date(startOfLocalDate('2026-03-10', 'Asia/Kathmandu')).toISOString()).toBe('2026-03-09T18:15:00.000Z');
    expect(new Date(startOfLocalDate('2026-03-10', 'America/New_York')).toISOString()).toBe('2026-03-10T04:00:00.000Z');
    expect(new Date(startOfLocalDate('2026-03-10', 'Pacific/Kiritimati')).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });

  it('the days when daylight saving time changes last 23 and 25 hours', () => {
    const [spring] = localDays('2026-03-29', '2026-03-29', 'Europe/Berlin');
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    const [autumn] = localDays('2026-10-25', '2026-10-25', 'Europe/Berlin');
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
    // Lord Howe Island moves by half an hour.
    const [howe] = localDays('2026-04-05', '2026-04-05', 'Australia/Lord_Howe');
    expect((howe.end - howe.start) / 60_000).toBe(24 * 60 + 30);
  });

  it('a day whose midnight does not exist starts when the gap ends', () => {
    // Santiago moves clocks forward at 24:00 on the first Saturday of September: 2026-09-06 starts at 01:00 local (-03).
    const start = startOfLocalDate('2026-09-06', 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('consecutive days tile the range with no gap or overlap', () => {
    const days = localDays('2026-01-01', '2026-12-31', 'Asia/Kathmandu');
    expect(days).toHaveLength(365);
    for (let i = 1; i < days.length; i++) expect(days[i].start).toBe(days[i - 1].end);
  });

  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('gives the day an instant falls in with the instant it resets at, in the zone', () => {
    // 18:20 UTC on 2026-07-01 is 00:05 on 2026-07-02 in Kathmandu (+05:45).
    const day = localDayAt(Date.parse('2026-07-01T18:20:00Z'), 'Asia/Kathmandu');
    expect({ date: day.date, start: new Date(day.start).toISOString(), end: new Date(day.end).toISOString() }).toEqual({ date: '2026-07-02', start: '2026-07-01T18:15:00.000Z', end: '2026-07-02T18:15:00.000Z' });
    // The day clocks go back in Berlin lasts 25 hours.
    const long = localDayAt(Date.parse('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    expect(long.end - long.start).toBe(25 * 3_600_000);
  });
});
