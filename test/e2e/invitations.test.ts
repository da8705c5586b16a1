import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Repository } from 'typeorm';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dayMs = 24 * 60 * 60 * 1000;
const invitationFields = 'id email status sentAt expiresAt expiryDays role { id name } space { id name } invitedBy { id email }';
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { ${invitationFields} } userErrors { field code message } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { ${invitationFields} } userErrors { field code message } } }`;
const revokeMutation = `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { ${invitationFields} } userErrors { field code message } } }`;
const listQuery = `query($first: Int, $after: String, $filter: InvitationFilter, $orderBy: InvitationOrder) {
  invitations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${invitationFields} } } } }`;

describe('invitations through the gateway', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let admin: SeededMember;
  let editor: SeededMember;
  let spaceAdmin: SeededMember;
  let roles: Record<string, string>;
  let marketing: string;
  let sales: string;
  let rows: Repository<Invitation>;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;

  const as = (member: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, member.token);
  const invite = async (member: SeededMember, input: Json) => (await as(member)(inviteMutation, { input })) as Json;
  const invited = async (member: SeededMember, input: Json) => {
    const response = await invite(member, input);
    expect(response.errors).toBeUndefined();
    expect(response.data.inviteTeammate.userErrors).toEqual([]);
    return response.data.inviteTeammate.invitation as Json;
  };
  const list = async (member: SeededMember, variables: Json) => {
    const response = (await as(member)(listQuery, variables)) as Json;
    expect(response.errors).toBeUndefined();
    return response.data.invitations as Json;
  };
  /** Moves an invitation's expiry into the past, as if its 7 days had run out (no job marks it). */
  const expire = (id: string) => rows.update({ id }, { expiresAt: new Date(Date.now() - 1000) });
  /** Everything stored, to show a refused change changed nothing. */
  const snapshot = async () => (await rows.find({ order: { id: 'ASC' } })).map((r) => ({ ...r, sentAt: r.sentAt.getTime(), expiresAt: r.expiresAt.getTime() }));

  beforeAll(async () => {
    // A long viewer cache: statements counted are the query's own.
    t = await startTestStack({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' });
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    admin = await acme.member('ADMIN', 'Ada');
    editor = await acme.member('EDITOR', 'Eddie');
    spaceAdmin = await acme.member(null, 'Sarah');
    roles = Object.fromEntries(await Promise.all(['SUPER_ADMIN', 'ADMIN', 'EDITOR', 'VIEWER'].map(async (key) => [key, await acme.roleId(key)])));
    const createSpace = async (name: string) => ((await as(acme.admin)('mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } } }', { input: { name } })) as Json).data.createSpace.space.id as string;
    marketing = await createSpace('Marketing');
    sales = await createSpace('Sales');
    // Sarah is a Viewer in the organization and an Admin in Marketing only.
    const assigned = (await as(acme.admin)('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: spaceAdmin.accountId, roleId: roles.ADMIN, spaceId: marketing } })) as Json;
    expect(assigned.data.assignRole.userErrors).toEqual([]);
  });
  afterAll(() => t.stop());

  it('writes the invitation e-mail as a file under the data folder when no SMTP server is configured (embedded mode)', async () => {
    const email = address('filed');
    await invited(admin, { email });
    const folder = join(t.config.dataDir, 'mail');
    const texts = readdirSync(folder).filter((name) => name.includes('-invitations-')).map((name) => readFileSync(join(folder, name), 'utf8'));
    const ours = texts.filter((text) => text.includes(`To: ${email}`));
    expect(ours).toHaveLength(1);
    expect(ours[0].replace(/=\r?\n/g, '')).toMatch(/accept-invitation\?token=3D[A-Za-z0-9_-]{43}|accept-invitation\?token=[A-Za-z0-9_-]{43}/);
  });

  it('invites with the default role, normalizes the address, expires 7 days after sending and stores only a token hash', async () => {
    const invitation = await invited(admin, { email: '  Grace.HOPPER@Example.COM ' });
    expect(invitation).toMatchObject({ email: 'grace.hopper@example.com', status: 'PENDING', expiryDays: 7, role: { id: roles.VIEWER, name: 'Viewer' }, space: null, invitedBy: { id: admin.accountId, email: admin.email } });
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.sentAt)).toBe(7 * dayMs);
    const row = await rows.findOneByOrFail({ id: invitation.id });
    expect(row).toMatchObject({ organizationId: acme.id, status: 'PENDING', roleId: roles.VIEWER, spaceId: null, expiryDays: 7 });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a bad address, an unknown role or space and a duplicate pending invite with userErrors, changing nothing', async () => {
    const email = address('dup');
    await invited(admin, { email });
    const before = await snapshot();
    const cases: [Json, string, string[]][] = [
      [{ email: 'not an address' }, 'INVALID_EMAIL', ['input', 'email']],
      [{ email: 'a@b' }, 'INVALID_EMAIL', ['input', 'email']],
      [{ email: address('role'), roleId: randomUUID() }, 'ROLE_NOT_FOUND', ['input', 'roleId']],
      [{ email: address('role'), roleId: await globex.roleId('VIEWER') }, 'ROLE_NOT_FOUND', ['input', 'roleId']],
      [{ email: address('space'), spaceId: randomUUID() }, 'SPACE_NOT_FOUND', ['input', 'spaceId']],
      [{ email: email.toUpperCase() }, 'ALREADY_INVITED', ['input', 'email']],
    ];
    for (const [input, code, field] of cases) {
      const response = await invite(admin, input);
      expect({ input, errors: response.errors, payload: response.data?.inviteTeammate }).toEqual({ input, errors: undefined, payload: { invitation: null, userErrors: [{ field, code, message: expect.any(String) }] } });
    }
    // Longer than the schema's stated 254 characters: refused by the gateway before it reaches the subgraph.
    const tooLong = await invite(admin, { email: `${'x'.repeat(250)}@example.com` });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxLength: 254 });
    expect(await snapshot()).toEqual(before);
  });

  it('lets an expired invite be replaced by a new one for the same address; the old one cannot then be resent beside it', async () => {
    const email = address('again');
    const first = await invited(admin, { email });
    await expire(first.id);
    const second = await invited(admin, { email });
    expect(second.id).not.toBe(first.id);
    const resent = (await as(admin)(resendMutation, { input: { id: first.id } })) as Json;
    expect(resent.data.resendInvitation.userErrors.map((e: Json) => e.code)).toEqual(['ALREADY_INVITED']);
    expect((await rows.findOneByOrFail({ id: first.id })).expiresAt.getTime()).toBeLessThan(Date.now());
  });

  it('of 20 simultaneous invites of one address exactly one is sent; the others answer ALREADY_INVITED', async () => {
    const email = address('race');
    const answers = await Promise.all(Array.from({ length: 20 }, () => invite(admin, { email })));
    const codes = answers.map((a) => (a.data.inviteTeammate.userErrors as Json[]).map((e) => e.code).join(',') || 'SENT');
    expect(codes.filter((c) => c === 'SENT')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'SENT')).toEqual(Array(19).fill('ALREADY_INVITED'));
    expect(await rows.countBy({ email })).toBe(1);
  });

  it('refuses a role stronger than the inviter\'s own, and inviting without Team Members WRITE', async () => {
    const before = await snapshot();
    const stronger = await invite(admin, { email: address('boss'), roleId: roles.SUPER_ADMIN });
    expect(stronger.data.inviteTeammate).toEqual({ invitation: null, userErrors: [{ field: ['input', 'roleId'], code: 'ROLE_EXCEEDS_OWN_PERMISSIONS', message: expect.any(String) }] });
    const byEditor = await invite(editor, { email: address('nope') });
    expect(byEditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(byEditor.data?.inviteTeammate ?? null).toBeNull();
    expect(await snapshot()).toEqual(before);
    // Team Members READ is enough to see the list.
    expect((await list(editor, { first: 5 })).totalCount).toBeGreaterThan(0);
    // Admin may hand out Admin.
    await invited(admin, { email: address('peer'), roleId: roles.ADMIN });
  });

  it('leaves an invitation that gives more than the actor holds alone: an Admin neither resends nor revokes a Super Admin invitation', async () => {
    const boss = await invited(acme.admin, { email: address('boss'), roleId: roles.SUPER_ADMIN });
    const before = await snapshot();
    for (const mutation of [resendMutation, revokeMutation]) {
      const response = (await as(admin)(mutation, { input: { id: boss.id } })) as Json;
      expect(Object.values(response.data)[0]).toEqual({ invitation: null, userErrors: [{ field: ['input', 'id'], code: 'ROLE_EXCEEDS_OWN_PERMISSIONS', message: expect.any(String) }] });
    }
    expect(await snapshot()).toEqual(before);
    // The Super Admin may.
    expect(((await as(acme.admin)(revokeMutation, { input: { id: boss.id } })) as Json).data.revokeInvitation.invitation.status).toBe('REVOKED');
  });

  it('lets a space admin invite into their space only, with roles they hold there', async () => {
    const before = await snapshot();
    for (const input of [{ email: address('org') }, { email: address('sales'), spaceId: sales }]) {
      const response = await invite(spaceAdmin, input);
      expect({ input, code: response.errors?.[0]?.extensions?.code }).toEqual({ input, code: 'FORBIDDEN' });
    }
    const tooStrong = await invite(spaceAdmin, { email: address('boss'), spaceId: marketing, roleId: roles.SUPER_ADMIN });
    expect(tooStrong.data.inviteTeammate.userErrors.map((e: Json) => e.code)).toEqual(['ROLE_EXCEEDS_OWN_PERMISSIONS']);
    expect(await snapshot()).toEqual(before);
    const invitation = await invited(spaceAdmin, { email: address('mkt'), spaceId: marketing, roleId: roles.EDITOR });
    expect(invitation).toMatchObject({ space: { id: marketing, name: 'Marketing' }, role: { id: roles.EDITOR, name: 'Editor' }, invitedBy: { id: spaceAdmin.accountId } });
    // They manage invitations of their space, not the organization's.
    const resent = (await as(spaceAdmin)(resendMutation, { input: { id: invitation.id } })) as Json;
    expect(resent.data.resendInvitation.userErrors).toEqual([]);
    const orgInvite = await invited(admin, { email: address('orgwide') });
    const refused = (await as(spaceAdmin)(revokeMutation, { input: { id: orgInvite.id } })) as Json;
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await rows.findOneByOrFail({ id: orgInvite.id })).status).toBe('PENDING');
  });

  it('resends with a new token and a new expiry (the old hash is gone), expired invites included', async () => {
    const invitation = await invited(admin, { email: address('resend') });
    const old = await rows.findOneByOrFail({ id: invitation.id });
    await expire(invitation.id);
    expect((await list(admin, { filter: { status: 'EXPIRED', search: invitation.email } })).edges.map((e: Json) => e.node.status)).toEqual(['EXPIRED']);
    const response = (await as(admin)(resendMutation, { input: { id: invitation.id } })) as Json;
    const resent = response.data.resendInvitation;
    expect(resent.userErrors).toEqual([]);
    expect(resent.invitation).toMatchObject({ id: invitation.id, status: 'PENDING' });
    expect(Date.parse(resent.invitation.expiresAt) - Date.parse(resent.invitation.sentAt)).toBe(7 * dayMs);
    const row = await rows.findOneByOrFail({ id: invitation.id });
    expect(row.tokenHash).not.toBe(old.tokenHash);
    expect(await rows.countBy({ tokenHash: old.tokenHash })).toBe(0);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * dayMs);
  });

  it('revokes: the invitation stays in the list as REVOKED and can be neither resent nor revoked again', async () => {
    const invitation = await invited(admin, { email: address('revoke') });
    const revoked = ((await as(admin)(revokeMutation, { input: { id: invitation.id } })) as Json).data.revokeInvitation;
    expect(revoked).toEqual({ invitation: expect.objectContaining({ id: invitation.id, status: 'REVOKED' }), userErrors: [] });
    expect((await list(admin, { filter: { status: 'REVOKED', search: invitation.email } })).edges.map((e: Json) => e.node.id)).toEqual([invitation.id]);
    const before = await snapshot();
    for (const mutation of [resendMutation, revokeMutation]) {
      const response = (await as(admin)(mutation, { input: { id: invitation.id } })) as Json;
      const payload = Object.values(response.data)[0] as Json;
      expect(payload).toEqual({ invitation: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_PENDING', message: expect.any(String) }] });
    }
    // A new invite for the address is allowed once the old one is revoked.
    await invited(admin, { email: invitation.email });
    expect((await snapshot()).length).toBe(before.length + 1);
  });

  it("answers another organization's invitation id exactly like one that does not exist", async () => {
    const invitation = await invited(admin, { email: address('foreign') });
    const before = await snapshot();
    for (const mutation of [resendMutation, revokeMutation]) {
      const foreign = await as(globex.admin)(mutation, { input: { id: invitation.id } });
      const unknown = await as(globex.admin)(mutation, { input: { id: randomUUID() } });
      expect(foreign).toEqual(unknown);
      expect((Object.values(foreign.data!)[0] as Json).userErrors.map((e: Json) => e.code)).toEqual(['INVITATION_NOT_FOUND']);
    }
    expect(await snapshot()).toEqual(before);
    expect((await list(globex.admin, { first: 50 })).totalCount).toBe(0);
  });

  it('filters by status (EXPIRED computed in SQL), e-mail, role and space, sorts and pages', async () => {
    const tag = `list${Date.now().toString(36)}`;
    const made: Json[] = [];
    for (const [label, input] of [['c', {}], ['a', { roleId: roles.EDITOR }], ['b', { spaceId: marketing }], ['d', {}]] as [string, Json][]) {
      made.push(await invited(admin, { email: `${tag}.${label}@example.com`, ...input }));
    }
    await expire(made[3].id);
    const emails = async (variables: Json) => (await list(admin, variables)).edges.map((e: Json) => e.node.email.split('@')[0].split('.')[1]);
    expect(await emails({ filter: { search: tag }, orderBy: { field: 'EMAIL', direction: 'ASC' } })).toEqual(['a', 'b', 'c', 'd']);
    expect(await emails({ filter: { search: tag.toUpperCase() }, orderBy: { field: 'EMAIL', direction: 'DESC' } })).toEqual(['d', 'c', 'b', 'a']);
    expect(await emails({ filter: { search: tag, status: 'EXPIRED' } })).toEqual(['d']);
    expect((await emails({ filter: { search: tag, status: 'PENDING' }, orderBy: { field: 'EMAIL' } }))).toEqual(['a', 'b', 'c']);
    expect(await emails({ filter: { search: tag, roleId: roles.EDITOR } })).toEqual(['a']);
    expect(await emails({ filter: { search: tag, spaceId: marketing } })).toEqual(['b']);
    // Newest first by default; soonest expiry first (the expired one) by EXPIRES_AT.
    expect(await emails({ filter: { search: tag } })).toEqual(['d', 'b', 'a', 'c']);
    expect((await emails({ filter: { search: tag }, orderBy: { field: 'EXPIRES_AT', direction: 'ASC' } }))[0]).toBe('d');
    // Pages of two, by sent date and by e-mail, cover everything once.
    for (const orderBy of [{ field: 'SENT_AT', direction: 'ASC' }, { field: 'EMAIL', direction: 'DESC' }, { field: 'EXPIRES_AT', direction: 'DESC' }]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 5; guard += 1) {
        const page: Json = await list(admin, { first: 2, after, filter: { search: tag }, orderBy });
        expect(page.totalCount).toBe(4);
        seen.push(...page.edges.map((e: Json) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect({ orderBy, seen: [...seen].sort() }).toEqual({ orderBy, seen: made.map((m) => m.id).sort() });
    }
  });

  it('caps the page size and refuses the list without Team Members READ', async () => {
    const tooMany = (await as(admin)(listQuery, { first: t.config.maxPageSize + 1 })) as Json;
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const pending = await t.seed.signUp({ name: 'Pending' });
    const refused = (await as(pending)(listQuery, { first: 5 })) as Json;
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.invitations ?? null).toBeNull();
  });

  it('runs the same number of SQL statements in each subgraph for 10 and 100 invitations with their role, space and inviter', async () => {
    const org = await t.seed.organization('Initech');
    const roleId = await org.roleId('VIEWER');
    const spaceId = ((await as(org.admin)('mutation { createSpace(input: { name: "Ops" }) { space { id } } }')) as Json).data.createSpace.space.id;
    const now = Date.now();
    await rows.insert(Array.from({ length: 100 }, (_, i) => ({
      id: randomUUID(), organizationId: org.id, email: `bulk${i}@example.com`, roleId, spaceId: i % 2 ? spaceId : null, invitedBy: org.admin.accountId,
      tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'), status: 'PENDING' as const, sentAt: new Date(now - i * 1000), expiresAt: new Date(now + 7 * dayMs - i * 1000), expiryDays: 7, createdAt: new Date(now),
    })));
    const query = `query($first: Int) { invitations(first: $first) { edges { node { email status role { name } space { name } invitedBy { email } } } } }`;
    const names = ['identity', 'access-control', 'invitations'];
    const count = async (first: number) => {
      await as(org.admin)(query, { first }); // warms the viewer cache
      const before = names.map((n) => t.stack.apps[n].queries.count);
      const response = (await as(org.admin)(query, { first })) as Json;
      expect(response.errors).toBeUndefined();
      expect(response.data.invitations.edges).toHaveLength(first);
      expect(response.data.invitations.edges[1].node).toEqual({ email: 'bulk1@example.com', status: 'PENDING', role: { name: 'Viewer' }, space: { name: 'Ops' }, invitedBy: { email: org.admin.email } });
      return Object.fromEntries(names.map((n, i) => [n, t.stack.apps[n].queries.count - before[i]]));
    };
    const small = await count(10);
    const large = await count(100);
    expect(large).toEqual(small);
    // One page and one role look-up per subgraph at most, whatever the page size (identity: users and spaces).
    expect(large.invitations).toBeLessThanOrEqual(1);
  });
});
