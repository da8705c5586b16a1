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

describe('several organizations and session control', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  const switchTo = `mutation($input: SwitchOrganizationInput!) { switchOrganization(input: $input) { session { accessToken organizationId } userErrors { code } } }`;

  it('an account founds a second organization, lists both and switches between them', async () => {
    const created = await t.gql('mutation { createOrganization(input: { name: "Side Project" }) { organization { id name } session { organizationId accessToken } userErrors { code } } }', {}, acme.admin.token);
    const side = created.data!.createOrganization;
    expect(side.userErrors).toEqual([]);
    expect(side.session.organizationId).toBe(side.organization.id);

    const mine = await t.gql('{ viewer { organizations { organization { id name } status } } }', {}, acme.admin.token);
    expect(mine.data!.viewer.organizations).toEqual([
      { organization: { id: acme.id, name: 'Acme' }, status: 'ACTIVE' },
      { organization: { id: side.organization.id, name: 'Side Project' }, status: 'ACTIVE' },
    ]);

    const inSide = await t.gql('{ viewer { isFirstUser roles { key } } users { totalCount } }', {}, side.session.accessToken);
    expect(inSide.data).toEqual({ viewer: { isFirstUser: true, roles: [{ key: 'SUPER_ADMIN' }] }, users: { totalCount: 1 } });

    const back = await t.gql(switchTo, { input: { organizationId: acme.id } }, side.session.accessToken);
    expect(back.data!.switchOrganization.session.organizationId).toBe(acme.id);
  });

  it('nobody switches into an organization they do not belong to, and another member cannot see your organizations', async () => {
    const globex = await t.seed.organization('Globex');
    const refused = await t.gql(switchTo, { input: { organizationId: globex.id } }, acme.admin.token);
    expect(refused.data!.switchOrganization).toEqual({ session: null, userErrors: [{ code: 'NOT_A_MEMBER' }] });
    const member = await acme.member('ADMIN', 'Alice');
    const peek = await t.gql('query($id: ID!) { user(id: $id) { email organizations { organization { id } } } }', { id: acme.admin.accountId }, member.token);
    expect(peek.data!.user).toEqual({ email: acme.admin.email, organizations: null });
    expect(errorCodes(peek)).toEqual(['FORBIDDEN']);
  });

  it('logOutEverywhere ends every session of the account', async () => {
    const member = await acme.member(null, 'Everywhere');
    const second = await t.seed.logIn(member.email, member.password);
    const out = await t.gql('mutation { logOutEverywhere { loggedOut } }', {}, member.token);
    expect(out.data!.logOutEverywhere.loggedOut).toBe(true);
    for (const token of [member.token, second]) expect(errorCodes(await t.gql('{ viewer { id } }', {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  it("an admin ends a member's sessions in this organization; a Viewer cannot", async () => {
    const admin = await acme.member('ADMIN', 'Ada');
    const target = await acme.member(null, 'Target');
    const endSessions = `mutation($input: EndUserSessionsInput!) { endUserSessions(input: $input) { endedSessions userErrors { code } } }`;
    expect(errorCodes(await t.gql(endSessions, { input: { userId: admin.accountId } }, target.token))).toEqual(['FORBIDDEN']);
    expect((await t.gql(endSessions, { input: { userId: admin.accountId } }, admin.token)).data!.endUserSessions.userErrors).toEqual([{ code: 'SELF_SESSION_END' }]);
    expect((await t.gql(endSessions, { input: { userId: 'nobody' } }, admin.token)).data!.endUserSessions.userErrors).toEqual([{ code: 'USER_NOT_FOUND' }]);
    const ended = await t.gql(endSessions, { input: { userId: target.accountId } }, admin.token);
    expect(ended.data!.endUserSessions).toEqual({ endedSessions: 1, userErrors: [] });
    expect(errorCodes(await t.gql('{ viewer { id } }', {}, target.token))).toEqual(['UNAUTHENTICATED']);
  });
});
