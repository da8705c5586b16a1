import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const logIn = `mutation($input: LogInInput!) { logIn(input: $input) { session { accessToken } userErrors { code message } } }`;
const attempt = (t: TestStack, email: string, password: string) => t.gql(logIn, { input: { email, password } });
const wrong = { session: null, userErrors: [{ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password.' }] };

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
    const [row] = await t.stack.identity.dataSource.query('SELECT failures FROM login_throttle WHERE subject = ?', [`account:${member.accountId}`]);
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
