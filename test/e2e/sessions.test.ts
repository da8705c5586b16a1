import { errorCodes, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const logIn = `mutation($input: LogInInput!) { logIn(input: $input) { session { accessToken refreshToken } userErrors { code field message } } }`;
const refresh = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { session { accessToken refreshToken } userErrors { code } } }`;

describe('sessions', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  it('a wrong password and an unknown e-mail produce identical responses', async () => {
    const wrongPassword = await t.gql(logIn, { input: { email: acme.admin.email, password: 'wrong password entirely' } });
    const unknownEmail = await t.gql(logIn, { input: { email: 'nobody@example.com', password: 'wrong password entirely' } });
    const strip = (r: typeof wrongPassword) => ({ status: r.status, data: r.data, errors: r.errors });
    expect(strip(wrongPassword)).toEqual(strip(unknownEmail));
    expect(wrongPassword.data!.logIn).toEqual({ session: null, userErrors: [{ code: 'INVALID_CREDENTIALS', field: null, message: 'Invalid email or password.' }] });
  });

  it('a refresh token works once; replaying it ends the whole session family', async () => {
    const first = (await t.gql(logIn, { input: { email: acme.admin.email, password: acme.admin.password } })).data!.logIn.session;
    const second = (await t.gql(refresh, { input: { refreshToken: first.refreshToken } })).data!.refreshSession.session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await t.gql('{ viewer { id } }', {}, second.accessToken)).data!.viewer.id).toBe(acme.admin.accountId);

    const replay = await t.gql(refresh, { input: { refreshToken: first.refreshToken } });
    expect(replay.data!.refreshSession).toEqual({ session: null, userErrors: [{ code: 'INVALID_REFRESH_TOKEN' }] });
    const afterTheft = await t.gql(refresh, { input: { refreshToken: second.refreshToken } });
    expect(afterTheft.data!.refreshSession.userErrors).toEqual([{ code: 'INVALID_REFRESH_TOKEN' }]);
  });

  it('concurrent refreshes of one token issue at most one new session', async () => {
    const session = (await t.gql(logIn, { input: { email: acme.admin.email, password: acme.admin.password } })).data!.logIn.session;
    const results = await Promise.all(Array.from({ length: 5 }, () => t.gql(refresh, { input: { refreshToken: session.refreshToken } })));
    expect(results.filter((r) => r.data!.refreshSession.session).length).toBeLessThanOrEqual(1);
  });

  it('logging out makes the access token and the refresh token stop working', async () => {
    const session = (await t.gql(logIn, { input: { email: acme.admin.email, password: acme.admin.password } })).data!.logIn.session;
    expect((await t.gql('{ viewer { id } }', {}, session.accessToken)).data!.viewer.id).toBe(acme.admin.accountId);
    const out = await t.gql('mutation { logOut { loggedOut userErrors { code } } }', {}, session.accessToken);
    expect(out.data!.logOut).toEqual({ loggedOut: true, userErrors: [] });
    expect(errorCodes(await t.gql('{ viewer { id } }', {}, session.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql(refresh, { input: { refreshToken: session.refreshToken } })).data!.refreshSession.userErrors).toEqual([{ code: 'INVALID_REFRESH_TOKEN' }]);
    // Other sessions of the same account are untouched.
    expect((await t.gql('{ viewer { id } }', {}, acme.admin.token)).data!.viewer.id).toBe(acme.admin.accountId);
  });

  it('a forged or expired access token is treated as no token at all', async () => {
    const forged = `${acme.admin.token.slice(0, -4)}AAAA`;
    expect(errorCodes(await t.gql('{ viewer { id } }', {}, forged))).toEqual(['UNAUTHENTICATED']);
  });
});
