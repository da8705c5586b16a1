import { errorCodes } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

describe('first user', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('the first sign-up creates the organization and becomes its Super Admin and designated SA', async () => {
    const signUp = await t.gql(
      `mutation { signUp(input: { email: "Founder@Example.com", password: "correct horse battery", name: "Ada", lastName: "Lovelace" }) {
        membershipStatus session { accessToken refreshToken accountId organizationId } userErrors { code } } }`,
    );
    expect(signUp.errors).toBeUndefined();
    expect(signUp.data!.signUp.membershipStatus).toBe('ACTIVE');
    expect(signUp.data!.signUp.userErrors).toEqual([]);

    const login = await t.gql(`mutation { logIn(input: { email: "founder@example.COM", password: "correct horse battery" }) { session { accessToken } userErrors { code } } }`);
    const token = login.data!.logIn.session.accessToken;
    expect(token).toEqual(expect.any(String));

    const me = await t.gql(
      `{ viewer { id email fullName isFirstUser isDesignatedSuperAdmin membershipStatus roles { name key } organization { name pendingApprovalContactEmail } }
         users { totalCount edges { node { id email roles { name } } } } }`,
      {},
      token,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data!.viewer).toMatchObject({
      email: 'Founder@Example.com',
      fullName: 'Ada Lovelace',
      isFirstUser: true,
      isDesignatedSuperAdmin: true,
      membershipStatus: 'ACTIVE',
      roles: [{ name: 'Super Admin', key: 'SUPER_ADMIN' }],
      organization: { name: "Ada's organization", pendingApprovalContactEmail: 'Founder@Example.com' },
    });
    expect(me.data!.users).toEqual({ totalCount: 1, edges: [{ node: { id: me.data!.viewer.id, email: 'Founder@Example.com', roles: [{ name: 'Super Admin' }] } }] });
  });

  it('a later self sign-up joins as PENDING, sees the SA contact and nothing else', async () => {
    const joined = await t.seed.signUp({ name: 'Newcomer' });
    expect(joined.membershipStatus).toBe('PENDING');
    const screen = await t.gql('{ viewer { id } organization { pendingApprovalContactEmail } }', {}, joined.token);
    expect(screen.data!.organization.pendingApprovalContactEmail).toBe('Founder@Example.com');
    const users = await t.gql('{ users { totalCount } }', {}, joined.token);
    expect(errorCodes(users)).toEqual(['FORBIDDEN']);
    const me = await t.gql('{ viewer { effectivePermissions { grants { area } } } }', {}, joined.token);
    expect(me.data!.viewer.effectivePermissions.grants).toEqual([]);
  });

  it('a duplicate e-mail in another case is refused and creates nothing', async () => {
    const before = await t.seed.logIn('founder@example.com', 'correct horse battery');
    const count = async () => (await t.gql('{ users { totalCount } }', {}, before)).data!.users.totalCount;
    const total = await count();
    const again = await t.gql(`mutation { signUp(input: { email: "FOUNDER@example.com", password: "another long password", name: "Copy" }) { session { accessToken } userErrors { code field } } }`);
    expect(again.data!.signUp).toEqual({ session: null, userErrors: [{ code: 'EMAIL_TAKEN', field: ['input', 'email'] }] });
    expect(await count()).toBe(total);
  });

  it('bad sign-up input is reported field by field', async () => {
    const bad = await t.gql(`mutation { signUp(input: { email: "x@example.com", password: "short", name: "" }) { session { accessToken } userErrors { code field } } }`);
    expect(bad.data!.signUp.userErrors).toEqual([
      { code: 'PASSWORD_TOO_WEAK', field: ['input', 'password'] },
      { code: 'INVALID_NAME', field: ['input', 'name'] },
    ]);
    const malformed = await t.gql(`mutation { signUp(input: { email: "not-an-email", password: "long enough password", name: "X" }) { userErrors { code } } }`);
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
  });
});
