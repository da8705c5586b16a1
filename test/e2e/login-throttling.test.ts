import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const logIn = `mutation($input: LogInInput!) { logIn(input: $input) { session { accessToken } userErrors { code message } } }`;
const attempt = (t: TestStack, email: string, password: string) => t.gql(logIn, { input: { email, password } });
const wrong = { session: null, userErrors: [{ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password.' }] };

/** The audit log's failed sign-ins of one member, by reason: INVALID_PASSWORD is a real password check, LOCKED a refusal without one. */
async function failedSignInReasons(t: TestStack, adminToken: string, accountId: string): Promise<Record<string, number>> {
  const response = await t.gql(
    `query($filter: AuditLogFilter) { auditLog(filter: $filter, first: 100) { totalCount edges { node { details } } } }`,
    { filter: { targetId: accountId, actions: ['LOGIN_FAILED'] } },
    adminToken,
  );
  expect(response.errors).toBeUndefined();
  const counts: Record<string, number> = {};
  for (const { node } of response.data!.auditLog.edges as { node: { details: { reason: string } } }[]) counts[node.details.reason] = (counts[node.details.reason] ?? 0) + 1;
  return counts;
}

describe('login throttling per account', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '10000', LOGIN_LOCK_SECONDS: '2' });
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  it('after too many failures the right password answers like a wrong one, until the lock ends', async () => {
    const member = await acme.member(null, 'Locked');
    for (let i = 0; i < 5; i += 1) expect((await attempt(t, member.email, 'wrong password!!')).data!.logIn).toEqual(wrong);
    expect((await attempt(t, member.email, member.password)).data!.logIn).toEqual(wrong);
    // Other accounts from the same address are not affected.
    expect((await attempt(t, acme.admin.email, acme.admin.password)).data!.logIn.session).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await attempt(t, member.email, member.password)).data!.logIn.session).not.toBeNull();
  });

  it('parallel failures are each counted exactly once', async () => {
    const member = await acme.member(null, 'Parallel');
    // Below the lock threshold of 5, four at once: all four must be counted...
    await Promise.all(Array.from({ length: 4 }, () => attempt(t, member.email, 'wrong password!!')));
    const [row] = await t.stack.apps.identity.dataSource.query('SELECT failures FROM login_throttle WHERE subject = ?', [`account:${member.accountId}`]);
    expect(Number(row.failures)).toBe(4);
    // ...so one more failure locks the account.
    await attempt(t, member.email, 'wrong password!!');
    expect((await attempt(t, member.email, member.password)).data!.logIn).toEqual(wrong);
  });

  it('a success clears the count', async () => {
    const member = await acme.member(null, 'Forgetful');
    for (let i = 0; i < 4; i += 1) await attempt(t, member.email, 'wrong password!!');
    expect((await attempt(t, member.email, member.password)).data!.logIn.session).not.toBeNull();
    for (let i = 0; i < 4; i += 1) await attempt(t, member.email, 'wrong password!!');
    expect((await attempt(t, member.email, member.password)).data!.logIn.session).not.toBeNull();
  });
});

describe('login throttling per client address', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000', LOGIN_MAX_FAILURES_PER_ADDRESS: '6', LOGIN_LOCK_SECONDS: '60' });
  });
  afterAll(() => t.stop());

  it('an address that guesses across many accounts is locked out, for every account', async () => {
    const acme = await t.seed.organization('Acme');
    await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(t, `guess${i}@example.com`, 'wrong password!!')));
    expect((await attempt(t, acme.admin.email, acme.admin.password)).data!.logIn).toEqual(wrong);
  });
});

describe('login throttling under concurrency', () => {
  const threshold = 5;
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    // A lock long enough to outlast the burst: every attempt after the threshold meets a locked account.
    t = await startTestStack({ LOGIN_MAX_FAILURES_PER_ACCOUNT: String(threshold), LOGIN_MAX_FAILURES_PER_ADDRESS: '10000', LOGIN_LOCK_SECONDS: '600' });
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  it('100 parallel wrong passwords for one account get exactly the threshold of real password checks', async () => {
    const member = await acme.member(null, 'Besieged');
    const answers = await Promise.all(Array.from({ length: 100 }, () => attempt(t, member.email, 'wrong password!!')));
    expect(answers.map((a) => a.data!.logIn)).toEqual(Array.from({ length: 100 }, () => wrong));
    expect(await failedSignInReasons(t, acme.admin.token, member.accountId)).toEqual({ INVALID_PASSWORD: threshold, LOCKED: 100 - threshold });
    // The lock holds: the right password now answers like a wrong one.
    expect((await attempt(t, member.email, member.password)).data!.logIn).toEqual(wrong);
  });

  it('aliased logIn fields in parallel requests are each counted', async () => {
    const member = await acme.member(null, 'Aliased');
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: logIn(input: $input) { session { accessToken } userErrors { code } }`).join(' ');
    const document = `mutation($input: LogInInput!) { ${aliases} }`;
    const responses = await Promise.all(Array.from({ length: 4 }, () => t.gql(document, { input: { email: member.email, password: 'wrong password!!' } })));
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(Object.values(response.data!)).toEqual(Array.from({ length: 10 }, () => ({ session: null, userErrors: [{ code: 'INVALID_CREDENTIALS' }] })));
    }
    expect(await failedSignInReasons(t, acme.admin.token, member.accountId)).toEqual({ INVALID_PASSWORD: threshold, LOCKED: 40 - threshold });
    expect((await attempt(t, member.email, member.password)).data!.logIn).toEqual(wrong);
  });

  it('more parallel sign-ins with the right password than the threshold all succeed', async () => {
    const member = await acme.member(null, 'Busy');
    const answers = await Promise.all(Array.from({ length: 50 }, () => attempt(t, member.email, member.password)));
    expect(answers.filter((a) => a.data!.logIn.session === null)).toEqual([]);
  });

  it('attempts still counted from requests that died half-way end in a lock, not in an account that waits forever', async () => {
    const member = await acme.member(null, 'Stranded');
    // As if `threshold` sign-ins had taken their attempts and their process had crashed before deciding them.
    await attempt(t, member.email, 'wrong password!!');
    await t.stack.apps.identity.dataSource.query('UPDATE login_throttle SET failures = ? WHERE subject = ?', [threshold, `account:${member.accountId}`]);
    const started = Date.now();
    expect((await attempt(t, member.email, member.password)).data!.logIn).toEqual(wrong);
    // It waited for them (half of SUBGRAPH_TIMEOUT_MS, 5 s), then counted them as failures.
    expect(Date.now() - started).toBeGreaterThan(4_500);
    const [row] = await t.stack.apps.identity.dataSource.query('SELECT lockedUntil FROM login_throttle WHERE subject = ?', [`account:${member.accountId}`]);
    expect(row.lockedUntil).not.toBeNull();
  }, 30_000);

  it('the right password sent with one fewer wrong ones than the threshold, all at once, signs in', async () => {
    const member = await acme.member(null, 'Hurried');
    const answers = await Promise.all([...Array.from({ length: threshold - 1 }, () => attempt(t, member.email, 'wrong password!!')), attempt(t, member.email, member.password)]);
    expect(answers.map((a) => a.data!.logIn.session !== null)).toEqual([...Array.from({ length: threshold - 1 }, () => false), true]);
  });
});

describe('login throttling per client address under concurrency', () => {
  const threshold = 6;
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000', LOGIN_MAX_FAILURES_PER_ADDRESS: String(threshold), LOGIN_LOCK_SECONDS: '600' });
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  it('parallel wrong passwords from one address across accounts get exactly the address threshold of real password checks', async () => {
    const members = [await acme.member(null, 'First'), await acme.member(null, 'Second'), await acme.member(null, 'Third')];
    await Promise.all(members.flatMap((member) => Array.from({ length: 10 }, () => attempt(t, member.email, 'wrong password!!'))));
    const reasons = await Promise.all(members.map((member) => failedSignInReasons(t, acme.admin.token, member.accountId)));
    const total = (reason: string) => reasons.reduce((sum, r) => sum + (r[reason] ?? 0), 0);
    expect({ checked: total('INVALID_PASSWORD'), refused: total('LOCKED') }).toEqual({ checked: threshold, refused: 30 - threshold });
  });
});
