import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { AdjustableClock, adjustableClock, requestSigner } from '@gatehouse/shared';
import { SeededMember, SeededOrganization, postBody, signedHeaders } from '@gatehouse/shared/testing';
import { acceptInvitationRoute } from '@gatehouse/identity-contracts';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { hashInvitationToken } from '../../subgraphs/invitations/src/modules/invitations/invitation-token';
import { RoleAssignment } from '../../subgraphs/access-control/src/modules/roles/role-assignment.entity';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dayMs = 24 * 60 * 60 * 1000;
const inviteMutation = 'mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id } userErrors { code } } }';
const acceptMutation = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) {
  session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt accountId organizationId } userErrors { field code message } } }`;
const previewQuery = 'query($token: String!) { invitationByToken(token: $token) { email organizationName invitedByName roleName spaceName expiresAt } }';
const viewerQuery = '{ viewer { id email name emailConfirmed membershipStatus organization { id name } roles { key } } }';
const password = 'a long enough password';

describe('accepting an invitation through the gateway', () => {
  let t: TestStack;
  let clock: AdjustableClock;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let admin: SeededMember;
  let roles: Record<string, string>;
  let marketing: string;
  let rows: Repository<Invitation>;
  let assignments: Repository<RoleAssignment>;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;

  const gql = async (query: string, variables: Json = {}, token?: string) => (await t.gql(query, variables, token)) as Json;
  const invite = async (input: Json): Promise<string> => {
    const response = await gql(inviteMutation, { input }, admin.token);
    expect(response.data.inviteTeammate.userErrors).toEqual([]);
    return response.data.inviteTeammate.invitation.id;
  };
  /**
   * The link's token: the e-mail carries it, and only its hash is stored, so the test puts the hash
   * of a token it made where the invite wrote its own (as if this were the token mailed).
   */
  const linkOf = async (id: string): Promise<string> => {
    const token = randomBytes(32).toString('base64url');
    await rows.update({ id }, { tokenHash: hashInvitationToken(token) });
    return token;
  };
  const invitedLink = async (input: Json) => {
    const id = await invite(input);
    return { id, token: await linkOf(id) };
  };
  const accept = async (input: Json, token?: string) => {
    const response = await gql(acceptMutation, { input }, token);
    expect(response.errors).toBeUndefined();
    return response.data.acceptInvitation as Json;
  };
  const codesOf = (payload: Json) => (payload.userErrors as Json[]).map((e) => e.code);
  const preview = async (token: string) => (await gql(previewQuery, { token })).data.invitationByToken;
  /** Members of Acme with this address (the admin's list, searched). */
  const membersWith = async (email: string) => (await gql('query($s: String) { users(filter: { search: $s }) { edges { node { id email membershipStatus roles { key } } } } }', { s: email }, admin.token)).data.users.edges.map((e: Json) => e.node);
  /** Everything stored about invitations, memberships' role assignments and Acme's members, to show a refusal changed nothing. */
  const snapshot = async () => ({
    // Without the expiry sweep's mark: it notes that live subscribers were told, which a moved clock sets meanwhile.
    invitations: (await rows.find({ order: { id: 'ASC' } })).map(({ expiryAnnouncedAt: _told, ...r }) => ({ ...r, sentAt: r.sentAt.getTime(), expiresAt: r.expiresAt.getTime() })),
    assignments: await assignments.count(),
    members: (await gql('{ users { totalCount } }', {}, admin.token)).data.users.totalCount,
    globexMembers: (await gql('{ users { totalCount } }', {}, globex.admin.token)).data.users.totalCount,
  });
  /** Access control applies membership.created from the bus: with a bus between processes it lands shortly after. */
  const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** The payloads of the events of `type` a subgraph wrote to its outbox that match `where`. */
  const outboxed = async (subgraph: 'identity' | 'invitations', type: string, where: Json): Promise<Json[]> => {
    const rowsOf: { payload: string }[] = await t.stack.apps[subgraph].dataSource.query('SELECT payload FROM outbox_event WHERE type = ?', [type]);
    return rowsOf.map((r) => JSON.parse(r.payload) as Json).filter((p) => Object.entries(where).every(([k, v]) => p[k] === v));
  };
  /** An account that exists in Globex only (its admin creates it). */
  const globexMember = async (email: string, name: string, secret: string): Promise<string> => {
    const created = await gql('mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }', { input: { email, name, password: secret } }, globex.admin.token);
    expect(created.data.createUser.userErrors).toEqual([]);
    return created.data.createUser.user.id;
  };
  const explainInSpace = (userId: string, spaceId: string) =>
    gql('query($u: ID!, $s: ID) { explainAccess(userId: $u, area: TEAM_MEMBERS, spaceId: $s) { level contributions { kind level role { key } space { id } } } }', { u: userId, s: spaceId }, admin.token);

  beforeAll(async () => {
    clock = adjustableClock();
    t = await startTestStack({}, { clock });
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    assignments = t.stack.apps['access-control'].dataSource.getRepository(RoleAssignment);
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    admin = acme.admin;
    roles = Object.fromEntries(await Promise.all(['ADMIN', 'EDITOR', 'VIEWER'].map(async (key) => [key, await acme.roleId(key)])));
    marketing = (await gql('mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } } }', { input: { name: 'Marketing' } }, admin.token)).data.createSpace.space.id;
  });
  afterAll(() => t.stop());

  it('shows the accept page the organization, inviter, role, space, address and expiry, and null for a token that links to nothing', async () => {
    const email = address('page');
    const { token } = await invitedLink({ email, roleId: roles.EDITOR, spaceId: marketing });
    const row = await rows.findOneByOrFail({ email });
    expect(await preview(token)).toEqual({ email, organizationName: 'Acme', invitedByName: 'Acme Admin', roleName: 'Editor', spaceName: 'Marketing', expiresAt: row.expiresAt.toISOString() });
    expect(await preview(randomBytes(32).toString('base64url'))).toBeNull();
    expect(await preview('not a token')).toBeNull();
  });

  it('creates the account of a new address: ACTIVE with the invited role, e-mail confirmed, a session that works and refreshes; the link then works no more', async () => {
    const email = address('new');
    const { id, token } = await invitedLink({ email, roleId: roles.EDITOR });
    const accepted = await accept({ token, password, name: 'Nora', lastName: 'New' });
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.session).toMatchObject({ organizationId: acme.id, accountId: expect.any(String), accessToken: expect.any(String), refreshToken: expect.any(String) });
    const viewer = await eventually(
      async () => (await gql(viewerQuery, {}, accepted.session.accessToken)).data.viewer,
      (v) => v?.roles?.length > 0,
    );
    expect(viewer).toEqual({ id: accepted.session.accountId, email, name: 'Nora', emailConfirmed: true, membershipStatus: 'ACTIVE', organization: { id: acme.id, name: 'Acme' }, roles: [{ key: 'EDITOR' }] });
    const refreshed = await gql('mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { session { accessToken organizationId } userErrors { code } } }', { input: { refreshToken: accepted.session.refreshToken } });
    expect(refreshed.data.refreshSession).toMatchObject({ session: { organizationId: acme.id }, userErrors: [] });
    expect(await t.seed.logIn(email, password)).toEqual(expect.any(String));
    expect(await rows.findOneByOrFail({ id })).toMatchObject({ status: 'ACCEPTED', openEmail: null, claimId: null });
    // Audited: the acceptance's event beside the status change; identity's membership event names the inviter and the route.
    expect(await outboxed('invitations', 'invitation.accepted', { invitationId: id })).toEqual([expect.objectContaining({ organizationId: acme.id, accountId: accepted.session.accountId, actorId: accepted.session.accountId, email, roleId: roles.EDITOR, spaceId: null })]);
    expect(await outboxed('identity', 'membership.created', { accountId: accepted.session.accountId })).toEqual([expect.objectContaining({ organizationId: acme.id, status: 'ACTIVE', roleId: roles.EDITOR, spaceId: null, actorId: admin.accountId, via: 'INVITATION' })]);
    const listed = await gql('{ invitations(first: 50) { edges { node { id status } } } }', {}, admin.token);
    expect(listed.data.invitations.edges.map((e: Json) => e.node)).toContainEqual({ id, status: 'ACCEPTED' });
    // Single use: the same link, even with the same credentials, is refused and the page shows nothing.
    const before = await snapshot();
    expect(codesOf(await accept({ token, password, name: 'Nora' }))).toEqual(['INVALID_INVITATION']);
    expect(await preview(token)).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('gives a space invitee the invited role in that space and the default role across the organization', async () => {
    const email = address('space');
    const { token } = await invitedLink({ email, roleId: roles.ADMIN, spaceId: marketing });
    const accepted = await accept({ token, password, name: 'Sam' });
    expect(accepted.userErrors).toEqual([]);
    const userId = accepted.session.accountId;
    const explained = await eventually(() => explainInSpace(userId, marketing), (r) => r.data?.explainAccess?.level === 'WRITE');
    expect(explained.data.explainAccess.contributions.filter((c: Json) => c.kind === 'ROLE')).toEqual(
      expect.arrayContaining([expect.objectContaining({ role: { key: 'ADMIN' }, space: { id: marketing } }), expect.objectContaining({ role: { key: 'VIEWER' }, space: null })]),
    );
    const canWrite = (spaceId: string | null) => gql('query($s: ID) { viewer { can(area: TEAM_MEMBERS, level: WRITE, spaceId: $s) } }', { s: spaceId }, accepted.session.accessToken);
    expect((await canWrite(marketing)).data.viewer.can).toBe(true);
    expect((await canWrite(null)).data.viewer.can).toBe(false);
    expect(await membersWith(email)).toEqual([{ id: userId, email, membershipStatus: 'ACTIVE', roles: [{ key: 'VIEWER' }] }]);
    expect(await assignments.countBy({ accountId: userId })).toBe(2);
  });

  it('signs an existing account of another organization in and joins it; a wrong password changes nothing', async () => {
    const gil = address('globex');
    const gilId = await globexMember(gil, 'Gil', 'gils own password');
    const { token } = await invitedLink({ email: gil, roleId: roles.EDITOR });
    // The page looks the same as for a new address.
    expect(Object.keys(await preview(token))).toEqual(['email', 'organizationName', 'invitedByName', 'roleName', 'spaceName', 'expiresAt']);
    const confirmed = async () => (await gql('query($id: ID!) { user(id: $id) { emailConfirmed } }', { id: gilId }, globex.admin.token)).data.user.emailConfirmed;
    // Created by Globex's admin: the address was never confirmed.
    expect(await confirmed()).toBe(false);
    const before = await snapshot();
    const wrong = await accept({ token, password: 'not gils password', name: 'Someone else' });
    expect(await confirmed()).toBe(false);
    expect(wrong).toEqual({ session: null, userErrors: [{ field: ['input', 'password'], code: 'INVALID_CREDENTIALS', message: expect.any(String) }] });
    expect(await snapshot()).toEqual(before);
    const joined = await accept({ token, password: 'gils own password', name: 'Ignored' });
    expect(joined.userErrors).toEqual([]);
    expect(joined.session).toMatchObject({ accountId: gilId, organizationId: acme.id });
    // The link reached the mailbox: the address counts as confirmed now.
    expect(await confirmed()).toBe(true);
    const viewer = await eventually(async () => (await gql(viewerQuery, {}, joined.session.accessToken)).data.viewer, (v) => v?.roles?.length > 0);
    expect(viewer).toMatchObject({ id: gilId, name: 'Gil', organization: { id: acme.id }, membershipStatus: 'ACTIVE', roles: [{ key: 'EDITOR' }] });
    const organizations = await gql('{ viewer { organizations { organization { id } } } }', {}, joined.session.accessToken);
    expect(organizations.data.viewer.organizations.map((o: Json) => o.organization.id).sort()).toEqual([acme.id, globex.id].sort());
    // Still a member of Globex, as before.
    expect((await gql('query($id: ID!) { user(id: $id) { id membershipStatus } }', { id: gilId }, globex.admin.token)).data.user).toEqual({ id: gilId, membershipStatus: 'ACTIVE' });
  });

  it('lets a signed-in account of the invited address accept without a password, and refuses a signed-in account of another address', async () => {
    const sue = address('signed');
    const sueId = await globexMember(sue, 'Sue', 'sues own password');
    const sueToken = await t.seed.logIn(sue, 'sues own password');
    const { token } = await invitedLink({ email: sue });
    const before = await snapshot();
    // Globex's admin (another address), signed in, cannot take Sue's invitation; nor can Acme's own admin.
    expect(codesOf(await accept({ token }, globex.admin.token))).toEqual(['EMAIL_MISMATCH']);
    expect(codesOf(await accept({ token }, admin.token))).toEqual(['EMAIL_MISMATCH']);
    expect(await snapshot()).toEqual(before);
    const joined = await accept({ token }, sueToken);
    expect(joined.userErrors).toEqual([]);
    expect(joined.session).toMatchObject({ accountId: sueId, organizationId: acme.id });
  });

  it('refuses an address that is already a member, and a PENDING member cannot use a signed-in session to join with another address', async () => {
    // Invited first (an address that is a member already is refused at the invite), then signs up:
    // Acme is the primary organization, so Pat is (PENDING) in it, and a self sign-up leaves the invitation open.
    const patEmail = address('pat');
    const { token } = await invitedLink({ email: patEmail, roleId: roles.ADMIN });
    const pending = await t.seed.signUp({ name: 'Pat', email: patEmail });
    expect(pending).toMatchObject({ organizationId: acme.id, membershipStatus: 'PENDING' });
    const other = await invitedLink({ email: address('other') });
    const before = await snapshot();
    expect(codesOf(await accept({ token }, pending.token))).toEqual(['ALREADY_MEMBER']);
    expect(codesOf(await accept({ token, password: pending.password }))).toEqual(['ALREADY_MEMBER']);
    expect(await snapshot()).toEqual(before);
    expect((await membersWith(pending.email.toLowerCase()))[0]).toMatchObject({ membershipStatus: 'PENDING' });
    // Another address's invitation, with Pat's PENDING session: refused.
    expect(codesOf(await accept({ token: other.token }, pending.token))).toEqual(['EMAIL_MISMATCH']);
    expect(await snapshot()).toEqual(before);
  });

  it('of 20 simultaneous accepts of one invitation exactly one joins: one membership, one role assignment; the others get a clear userError', async () => {
    const email = address('race');
    const { id, token } = await invitedLink({ email, roleId: roles.EDITOR });
    const answers = await Promise.all(Array.from({ length: 20 }, () => accept({ token, password, name: 'Racer' })));
    const outcomes = answers.map((a) => codesOf(a).join(',') || 'JOINED');
    expect(outcomes.filter((o) => o === 'JOINED')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'JOINED').every((o) => o === 'ACCEPTANCE_IN_PROGRESS' || o === 'INVALID_INVITATION')).toBe(true);
    const members = await eventually(() => membersWith(email), (m) => m[0]?.roles?.length > 0);
    expect(members).toEqual([{ id: expect.any(String), email, membershipStatus: 'ACTIVE', roles: [{ key: 'EDITOR' }] }]);
    expect(await assignments.countBy({ accountId: members[0].id })).toBe(1);
    expect(await rows.findOneByOrFail({ id })).toMatchObject({ status: 'ACCEPTED' });
    expect(await outboxed('invitations', 'invitation.accepted', { invitationId: id })).toHaveLength(1);
    expect(await outboxed('identity', 'membership.created', { accountId: members[0].id })).toHaveLength(1);
  });

  it('completes after a crash between identity and invitations without duplicates: identity answers the retry from what it recorded', async () => {
    const email = address('crash');
    const { id, token } = await invitedLink({ email, roleId: roles.EDITOR, spaceId: marketing });
    const row = await rows.findOneByOrFail({ id });
    // The first attempt: identity committed (called as invitations calls it), then invitations never recorded it.
    const url = new URL(`/internal/${acceptInvitationRoute.name}`, t.config.subgraphUrls.identity).href;
    const body = JSON.stringify({
      invitationId: id,
      organizationId: acme.id,
      email,
      roleId: row.roleId,
      spaceId: row.spaceId,
      invitedBy: row.invitedBy,
      credentials: { kind: 'password', password, name: 'Crash', lastName: null },
      clientAddress: '',
    });
    const first = await postBody(url, body, signedHeaders({ signer: requestSigner(t.config, 'invitations', 'the test'), audience: 'identity' }, url, { kind: 'system', service: 'invitations' }, body));
    expect(first).toMatchObject({ status: 200, accepted: true });
    expect(await rows.findOneByOrFail({ id })).toMatchObject({ status: 'PENDING' });
    // The retry, through the gateway: a wrong password gets nothing, the right one the same account.
    expect(codesOf(await accept({ token, password: 'some other password', name: 'Crash' }))).toEqual(['INVALID_CREDENTIALS']);
    const retried = await accept({ token, password, name: 'Crash' });
    expect(retried.userErrors).toEqual([]);
    expect(retried.session.accountId).toBe((first as Json).accountId);
    const userId = retried.session.accountId;
    const inSpace = (r: Json) => (r.data?.explainAccess?.contributions ?? []).filter((c: Json) => c.kind === 'ROLE' && c.space?.id === marketing).map((c: Json) => c.role.key);
    expect(inSpace(await eventually(() => explainInSpace(userId, marketing), (r) => inSpace(r).length > 0))).toEqual(['EDITOR']);
    expect(await membersWith(email)).toEqual([{ id: userId, email, membershipStatus: 'ACTIVE', roles: [{ key: 'VIEWER' }] }]);
    expect(await assignments.countBy({ accountId: userId })).toBe(2);
    expect(await rows.findOneByOrFail({ id })).toMatchObject({ status: 'ACCEPTED', openEmail: null });
    expect(await outboxed('identity', 'membership.created', { accountId: userId })).toEqual([expect.objectContaining({ roleId: roles.EDITOR, spaceId: marketing, via: 'INVITATION' })]);
    expect(await outboxed('invitations', 'invitation.accepted', { invitationId: id })).toHaveLength(1);
  });

  it('leaves a fresh claim of a crashed attempt alone and takes it over once it is stale', async () => {
    const email = address('claimed');
    const { id, token } = await invitedLink({ email });
    // What a process that died after claiming leaves behind.
    await rows.update({ id }, { claimId: '00000000-0000-4000-8000-000000000001', claimedAt: new Date(clock.now()) });
    const before = await snapshot();
    expect(codesOf(await accept({ token, password, name: 'Claire' }))).toEqual(['ACCEPTANCE_IN_PROGRESS']);
    expect(await snapshot()).toEqual(before);
    clock.advance(2 * t.config.subgraphTimeoutMs + 1);
    const accepted = await accept({ token, password, name: 'Claire' });
    expect(accepted.userErrors).toEqual([]);
    expect(await rows.findOneByOrFail({ id })).toMatchObject({ status: 'ACCEPTED', claimId: null, claimedAt: null });
  });

  it('holds off a resend or revoke while an acceptance is under way, and lets them through once its claim is stale', async () => {
    const { id } = await invitedLink({ email: address('underway') });
    await rows.update({ id }, { claimId: '00000000-0000-4000-8000-000000000002', claimedAt: new Date(clock.now()) });
    const before = await snapshot();
    const resent = await gql('mutation($id: ID!) { resendInvitation(input: { id: $id }) { invitation { id } userErrors { code } } }', { id }, admin.token);
    const revoked = await gql('mutation($id: ID!) { revokeInvitation(input: { id: $id }) { invitation { id } userErrors { code } } }', { id }, admin.token);
    expect([resent.data.resendInvitation.userErrors, revoked.data.revokeInvitation.userErrors]).toEqual([[{ code: 'ACCEPTANCE_IN_PROGRESS' }], [{ code: 'ACCEPTANCE_IN_PROGRESS' }]]);
    expect(await snapshot()).toEqual(before);
    clock.advance(2 * t.config.subgraphTimeoutMs + 1);
    const late = await gql('mutation($id: ID!) { revokeInvitation(input: { id: $id }) { invitation { status } userErrors { code } } }', { id }, admin.token);
    expect(late.data.revokeInvitation).toEqual({ invitation: { status: 'REVOKED' }, userErrors: [] });
  });

  it('refuses an invitation whose inviter left or lost the right to grant it, until someone who can resends it', async () => {
    const inviter = await acme.member('ADMIN', 'Ines');
    const email = address('vouched');
    const sent = await gql(inviteMutation, { input: { email, roleId: roles.EDITOR } }, inviter.token);
    expect(sent.data.inviteTeammate.userErrors).toEqual([]);
    const id = sent.data.inviteTeammate.invitation.id;
    const token = await linkOf(id);
    // Ines is deactivated (as when an admin leaves): what she sent no longer carries her rights.
    const deactivated = await gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: inviter.accountId, status: 'PENDING' } }, admin.token);
    expect(deactivated.data.setMembershipStatus.userErrors).toEqual([]);
    const before = await snapshot();
    const refusedAnswer = await eventually(() => accept({ token, password, name: 'Vera' }), (a) => codesOf(a).length > 0);
    expect(codesOf(refusedAnswer)).toEqual(['INVITER_NO_LONGER_GRANTS']);
    expect(await preview(token)).toBeNull();
    expect(await snapshot()).toEqual(before);
    expect(await membersWith(email)).toEqual([]);
    // The Super Admin resends it: they vouch for it now, and the new link works.
    const resent = await gql('mutation($id: ID!) { resendInvitation(input: { id: $id }) { invitation { invitedBy { id } } userErrors { code } } }', { id }, admin.token);
    expect(resent.data.resendInvitation).toEqual({ invitation: { invitedBy: { id: admin.accountId } }, userErrors: [] });
    const fresh = await linkOf(id);
    expect((await preview(fresh)).invitedByName).toBe('Acme Admin');
    expect((await accept({ token: fresh, password, name: 'Vera' })).userErrors).toEqual([]);
  });

  it('refuses expired, revoked and replaced (resent) links alike, changing nothing', async () => {
    const expired = await invitedLink({ email: address('expired') });
    const revoked = await invitedLink({ email: address('revoked') });
    const resent = await invitedLink({ email: address('resent') });
    const revokedAnswer = await gql('mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { userErrors { code } } }', { input: { id: revoked.id } }, admin.token);
    expect(revokedAnswer.data.revokeInvitation.userErrors).toEqual([]);
    const resentAnswer = await gql('mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { userErrors { code } } }', { input: { id: resent.id } }, admin.token);
    expect(resentAnswer.data.resendInvitation.userErrors).toEqual([]);
    // Expiry is 7 days after sending: a millisecond before, the page still opens; after, nothing does.
    clock.advance(7 * dayMs - 60_000);
    expect(await preview(expired.token)).not.toBeNull();
    clock.advance(60_000 + 1);
    const before = await snapshot();
    for (const link of [expired, revoked, resent]) {
      expect(await accept({ token: link.token, password, name: 'Late' })).toEqual({ session: null, userErrors: [{ field: ['input', 'token'], code: 'INVALID_INVITATION', message: expect.any(String) }] });
      expect(await preview(link.token)).toBeNull();
    }
    expect(await snapshot()).toEqual(before);
    // The resent invitation's new link (sent before the clock moved) has expired too; a fresh resend works.
    await gql('mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { userErrors { code } } }', { input: { id: resent.id } }, admin.token);
    const fresh = await linkOf(resent.id);
    expect((await accept({ token: fresh, password, name: 'Late' })).userErrors).toEqual([]);
  });

  it('answers absurd input with userErrors (or a bounded-input error), never a 5xx, and changes nothing', async () => {
    const { token } = await invitedLink({ email: address('absurd') });
    const before = await snapshot();
    const cases: [Json, string[]][] = [
      [{ token: 'x'.repeat(200), password }, ['INVALID_INVITATION']],
      [{ token: '', password }, ['INVALID_INVITATION']],
      [{ token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, password, name: 'X' }, ['INVALID_INVITATION']],
      [{ token: `${token} `, password, name: 'X' }, ['INVALID_INVITATION']],
      [{ token, password: '', name: 'X' }, ['PASSWORD_TOO_WEAK']],
      [{ token, name: 'No password' }, ['PASSWORD_TOO_WEAK']],
      [{ token, password: 'p'.repeat(129), name: 'X' }, ['PASSWORD_TOO_WEAK']],
      [{ token, password }, ['INVALID_NAME']],
      [{ token, password, name: '   ' }, ['INVALID_NAME']],
      [{ token, password, name: 'n'.repeat(101) }, ['INVALID_NAME']],
    ];
    for (const [input, codes] of cases) expect({ input: JSON.stringify(input).slice(0, 80), codes: codesOf(await accept(input)) }).toEqual({ input: JSON.stringify(input).slice(0, 80), codes });
    for (const length of [201, 200_000]) {
      const huge = await t.gql(acceptMutation, { input: { token: 'x'.repeat(length), password } });
      expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const hugePreview = await t.gql(previewQuery, { token: 'x'.repeat(201) });
    expect(hugePreview.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await snapshot()).toEqual(before);
    // The link still works afterwards.
    expect((await accept({ token, password, name: 'Finally' })).userErrors).toEqual([]);
  });
});
