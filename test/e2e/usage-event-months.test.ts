import { adjustableClock } from '@gatehouse/shared';
import { SeededOrganization, postGraphQL } from '@gatehouse/shared/testing';
import { dropRawMonthsBefore, ensureMonthsAhead } from '@gatehouse/metering';
import { addMonths, monthOf, monthlyPartitions } from '../../subgraphs/metering/src/modules/retention/usage-partitions';
import { TestStack, startTestStack } from '../support/test-stack';

const record = 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded duplicates results { status error { code } } } }';
const chart = 'query($filter: UsageFilter!) { usage(filter: $filter) { costMicroUsd events } }';
const p = (month: string) => `p${month.replace('-', '')}`;

// MySQL/MariaDB partitions raw events by month; SQLite has no partitions, and dropping months deletes rows there.
describe('raw usage events by month: partitions on MySQL, dropping old months keeps the dashboard', () => {
  const clock = adjustableClock();
  let t: TestStack;
  let acme: SeededOrganization;
  let reporter: string;
  let mysql: boolean;
  const current = monthOf(Date.now());
  const db = () => t.stack.apps.metering.dataSource;
  const report = async (events: { id: string; occurredAt: string; costMicroUsd: number }[]) => {
    const response = await postGraphQL(t.stack.gatewayUrl, record, { input: { events: events.map((e) => ({ ...e, computeType: 'LLM' })) } }, { token: reporter });
    expect(response.errors).toBeUndefined();
    return response.data!.recordUsage;
  };
  const inPartition = async (name: string) => Number((await db().query(`SELECT COUNT(*) AS n FROM usage_event PARTITION (${name})`))[0].n);
  const day = async (date: string) => (await t.gql(chart, { filter: { from: date, to: date, timeZone: 'UTC' } }, acme.admin.token)).data!.usage;

  beforeAll(async () => {
    t = await startTestStack({}, { clock });
    mysql = db().options.type !== 'better-sqlite3';
    acme = await t.seed.organization('Acme');
    reporter = (await t.gql('mutation { createApiKey(input: { name: "Runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, acme.admin.token)).data!.createApiKey.secret;
  });
  afterAll(() => t.stop());

  it('after the migrations, this month and three ahead have partitions before a catch-all; maintenance is idempotent, also when instances race', async () => {
    if (!mysql) {
      expect(await ensureMonthsAhead(db(), clock.now(), 3)).toEqual([]);
      expect(await db().query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'usage_event'")).toEqual([{ name: 'usage_event' }]);
      return;
    }
    const ahead = [0, 1, 2, 3].map((n) => p(addMonths(current, n)));
    expect((await monthlyPartitions(db())).names).toEqual([...ahead, 'p_future']);
    expect(await ensureMonthsAhead(db(), clock.now(), 3)).toEqual([]);
    // Three instances maintaining at once: one adds the month, the others skip (the lock) or find it there.
    const raced = await Promise.all([1, 2, 3].map(() => ensureMonthsAhead(db(), clock.now(), 4)));
    expect(raced.flat()).toEqual([p(addMonths(current, 4))]);
    expect(await ensureMonthsAhead(db(), clock.now(), 4)).toEqual([]);
    expect((await monthlyPartitions(db())).names).toEqual([...ahead, p(addMonths(current, 4)), 'p_future']);
  });

  it('events of old months and of months beyond the partitions land; dropping months removes their raw events and the dashboard keeps its totals', async () => {
    const now = new Date(clock.now()).toISOString();
    expect(await report([
      { id: 'ancient', occurredAt: '2003-05-10T10:00:00Z', costMicroUsd: 7 },
      { id: 'last-year', occurredAt: '2025-01-15T10:00:00Z', costMicroUsd: 11 },
      { id: 'this-month', occurredAt: now, costMicroUsd: 13 },
    ])).toMatchObject({ recorded: 3 });
    // Five months later: maintenance has not run yet, so that month's event goes to the catch-all.
    const later = addMonths(current, 5);
    clock.advance(Date.parse(`${later}-15T12:00:00Z`) - clock.now());
    const threeAhead = `${addMonths(current, 3)}-15T12:00:00.000Z`;
    const farAhead = new Date(clock.now()).toISOString();
    expect(await report([{ id: 'three-ahead', occurredAt: threeAhead, costMicroUsd: 17 }, { id: 'far-ahead', occurredAt: farAhead, costMicroUsd: 19 }])).toMatchObject({ recorded: 2 });
    if (mysql) {
      expect(await inPartition('p_future')).toBe(1);
      expect(await inPartition(p(current))).toBe(3);
      expect(await ensureMonthsAhead(db(), clock.now(), 3)).toEqual([5, 6, 7, 8].map((n) => p(addMonths(current, n))));
      expect(await inPartition('p_future')).toBe(0);
      expect(await inPartition(p(later))).toBe(1);
    }
    const days = ['2003-05-10', '2025-01-15', now.slice(0, 10), threeAhead.slice(0, 10), farAhead.slice(0, 10)];
    const before = await Promise.all(days.map(day));
    expect(before.map((u) => u.costMicroUsd)).toEqual([7, 11, 13, 17, 19]);

    const dropped = await dropRawMonthsBefore(db(), addMonths(current, 1), clock.now());
    // This month's partition held the older events too (the oldest partition takes anything older).
    expect(dropped).toEqual(mysql ? { partitions: [p(current)], deletedEvents: 0 } : { partitions: [], deletedEvents: 3 });
    const left = await db().query('SELECT eventId FROM usage_event ORDER BY occurredAt');
    expect(left.map((r: { eventId: string }) => r.eventId)).toEqual(['three-ahead', 'far-ahead']);
    expect(await Promise.all(days.map(day))).toEqual(before);
    // The keys stay: a service resending a dropped event is told DUPLICATE, and it is not counted twice.
    expect(await report([{ id: 'last-year', occurredAt: '2025-01-15T10:00:00Z', costMicroUsd: 11 }])).toMatchObject({ recorded: 0, duplicates: 1 });
    expect((await day('2025-01-15')).costMicroUsd).toBe(11);
    // Dropping again drops nothing; the current month and later are never dropped.
    expect(await dropRawMonthsBefore(db(), addMonths(current, 1), clock.now())).toEqual({ partitions: [], deletedEvents: 0 });
    await expect(dropRawMonthsBefore(db(), addMonths(later, 1), clock.now())).rejects.toThrow(/after the current month/);
    await expect(dropRawMonthsBefore(db(), '2026-13', clock.now())).rejects.toThrow(/not a month/);
  });
});
