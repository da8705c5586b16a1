import { BuiltInRoleKey, builtInRoles, unionOfGrants } from '@gatehouse/shared';
import { SeededMember, SeededOrganization, errorCodes, executeAs, gatewayTo } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const entriesQuery = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { position action actorType actorId targetType targetId source details occurredAt hash previousHash } }
  }
}`;
const roleChange = (mutation: string) => `mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`;

const superAdminPermissions = unionOfGrants(builtInRoles.filter((r) => r.key === BuiltInRoleKey.SUPER_ADMIN).map((r) => ({ levels: r.grants, capabilities: r.capabilities })));

type Entry = { position: number; action: string; actorType: string; actorId: string | null; targetId: string | null; source: string; details: Record<string, unknown>; occurredAt: string };

describe('the audit log', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let editor: SeededMember;
  let viewer: SeededMember;

  const entries = async (filter: Record<string, unknown> = {}, first = 100, token = acme.admin.token): Promise<Entry[]> => {
    const response = await t.gql(entriesQuery, { filter, first }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.auditLog.edges.map((e: { node: Entry }) => e.node);
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    editor = await acme.member('EDITOR', 'Eddie');
    viewer = await acme.member('VIEWER', 'Vera');
  });
  afterAll(() => t.stop());

  it('records a role change with who changed whose role, from what to what, and when', async () => {
    const before = Date.now();
    const response = await t.gql(roleChange('assignRole'), { input: { userId: viewer.accountId, roleId: await acme.roleId('EDITOR') } }, acme.admin.token);
    expect(response.data!.assignRole.userErrors).toEqual([]);
    const [entry] = await entries({ targetId: viewer.accountId, actions: ['ROLE_CHANGE'] });
    expect(entry).toMatchObject({ action: 'ROLE_CHANGE', actorType: 'USER', actorId: acme.admin.accountId, targetId: viewer.accountId, source: 'access-control' });
    expect(entry.details).toMatchObject({ roleName: 'Editor', change: 'ASSIGNED', rolesBefore: ['Viewer'], rolesAfter: expect.arrayContaining(['Viewer', 'Editor']) });
    expect(new Date(entry.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('records sign-up, activation, sign-ins, failed sign-ins, edits and deactivation', async () => {
    await t.seed.logIn(editor.email, editor.password);
    await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { userErrors { code } } }', { input: { email: editor.email, password: 'not the password' } });
    await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }', { input: { userId: editor.accountId, jobTitle: 'Builder' } }, acme.admin.token);
    await t.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: editor.accountId, status: 'PENDING' } }, acme.admin.token);
    const about = (await entries({ targetId: editor.accountId })).map((e) => e.action).reverse();
    expect(about).toEqual(['USER_SIGNED_UP', 'LOGIN_SUCCEEDED', 'USER_ACTIVATED', 'ROLE_CHANGE', 'ROLE_CHANGE', 'LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'USER_UPDATED', 'USER_DEACTIVATED']);
    const failed = (await entries({ targetId: editor.accountId, actions: ['LOGIN_FAILED'] }))[0];
    expect(failed.details).toMatchObject({ reason: 'INVALID_PASSWORD', clientAddress: expect.any(String) });
    const updated = (await entries({ targetId: editor.accountId, actions: ['USER_UPDATED'] }))[0];
    expect(updated.details).toEqual({ fields: ['jobTitle'] });
  });

  it('records moving the SA badge, naming the previous holder', async () => {
    const second = await acme.member('SUPER_ADMIN', 'Sam');
    const moved = await t.gql('mutation($input: SetDesignatedSuperAdminInput!) { setDesignatedSuperAdmin(input: $input) { userErrors { code } } }', { input: { userId: second.accountId } }, acme.admin.token);
    expect(moved.data!.setDesignatedSuperAdmin.userErrors).toEqual([]);
    const [entry] = await entries({ actions: ['SUPER_ADMIN_DESIGNATED'] });
    expect(entry).toMatchObject({ actorId: acme.admin.accountId, targetId: second.accountId, details: { previous: acme.admin.accountId } });
    await t.gql('mutation($input: SetDesignatedSuperAdminInput!) { setDesignatedSuperAdmin(input: $input) { userErrors { code } } }', { input: { userId: acme.admin.accountId } }, second.token);
  });

  it('filters by actor and by time range, pages newest first, and counts', async () => {
    const byAdmin = await entries({ actorId: acme.admin.accountId });
    expect(byAdmin.length).toBeGreaterThan(3);
    expect(byAdmin.every((e) => e.actorId === acme.admin.accountId)).toBe(true);
    const positions = byAdmin.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    const future = await entries({ occurredFrom: new Date(Date.now() + 60_000).toISOString() });
    expect(future).toEqual([]);
    const all = await entries();
    const firstPage = await t.gql(entriesQuery, { first: 3 }, acme.admin.token);
    const secondPage = await t.gql(entriesQuery, { first: 3, after: firstPage.data!.auditLog.pageInfo.endCursor }, acme.admin.token);
    const paged = [...firstPage.data!.auditLog.edges, ...secondPage.data!.auditLog.edges].map((e: { node: Entry }) => e.node.position);
    expect(paged).toEqual(all.slice(0, 6).map((e) => e.position));
    expect(firstPage.data!.auditLog.totalCount).toBe(all.length);
  });

  it('refuses a time range that ends before it starts', async () => {
    const response = await t.gql(entriesQuery, { filter: { occurredFrom: '2026-02-01T00:00:00Z', occurredTo: '2026-01-01T00:00:00Z' } }, acme.admin.token);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('exports the filtered log as CSV', async () => {
    const response = await t.gql('query($filter: AuditLogFilter) { auditLogCsv(filter: $filter) }', { filter: { actions: ['ROLE_CHANGE'] } }, acme.admin.token);
    const lines = response.data!.auditLogCsv.trim().split('\r\n');
    expect(lines[0]).toBe('position,occurredAt,action,actorType,actorId,targetType,targetId,source,details,hash');
    expect(lines.length).toBe(1 + (await entries({ actions: ['ROLE_CHANGE'] })).length);
    expect(lines.slice(1).every((line: string) => line.split(',')[2] === 'ROLE_CHANGE')).toBe(true);
  });

  it('is readable only with Audit Log access', async () => {
    const outsider = await acme.member('EDITOR', 'Olive');
    for (const query of ['{ auditLog { totalCount } }', '{ auditLogCsv }', '{ verifyAuditChain { valid } }']) {
      expect(errorCodes(await t.gql(query, {}, outsider.token))).toEqual(['FORBIDDEN']);
    }
  });

  it('keeps no entry of another organization', async () => {
    const globex = await t.seed.organization('Globex');
    const theirs = await entries({}, 100, globex.admin.token);
    expect(theirs.map((e) => e.action).sort()).toEqual(['LOGIN_SUCCEEDED', 'ORGANIZATION_CREATED']);
    expect(theirs.every((e) => e.actorId === globex.admin.accountId)).toBe(true);
  });

  it('deleting a user keeps the entries about them, unlinked from the person, and the chain intact', async () => {
    const leaving = await acme.member(null, 'Leo');
    const before = (await entries({ targetId: leaving.accountId })).length;
    const deleted = await t.gql('mutation($input: DeleteUserInput!) { deleteUser(input: $input) { userErrors { code } } }', { input: { userId: leaving.accountId } }, acme.admin.token);
    expect(deleted.data!.deleteUser.userErrors).toEqual([]);
    const all = await entries({}, 100);
    const removal = all.find((e) => e.action === 'USER_DELETED')!;
    expect(removal).toMatchObject({ actorId: acme.admin.accountId, targetId: null });
    expect(all.filter((e) => e.targetId === null && ['USER_SIGNED_UP', 'LOGIN_SUCCEEDED', 'USER_ACTIVATED'].includes(e.action)).map((e) => e.action).sort()).toEqual(['LOGIN_SUCCEEDED', 'USER_ACTIVATED', 'USER_SIGNED_UP']);
    expect(before).toBeGreaterThan(0);
    expect(await entries({ targetId: leaving.accountId })).toEqual([]);
    expect((await t.gql('{ verifyAuditChain { valid } }', {}, acme.admin.token)).data!.verifyAuditChain.valid).toBe(true);
  });

  it('concurrent changes all land, each once, in one unbroken chain', async () => {
    const members = await Promise.all(['Ann', 'Ben', 'Cy', 'Di', 'Ed', 'Flo'].map((name) => acme.member(null, name)));
    const before = (await entries({ actions: ['ROLE_CHANGE'] }, 100)).length;
    const editor = await acme.roleId('EDITOR');
    const results = await Promise.all(members.map((m) => t.gql(roleChange('assignRole'), { input: { userId: m.accountId, roleId: editor } }, acme.admin.token)));
    expect(results.map((r) => r.data!.assignRole.userErrors)).toEqual(members.map(() => []));
    const deadline = Date.now() + 5000;
    while ((await entries({ actions: ['ROLE_CHANGE'] }, 100)).length < before + members.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await entries({ actions: ['ROLE_CHANGE'] }, 100);
    expect(after.length).toBe(before + members.length);
    expect((await t.gql('{ verifyAuditChain { valid } }', {}, acme.admin.token)).data!.verifyAuditChain.valid).toBe(true);
  });

  it('verifyAuditChain accepts the untouched chain and finds the first tampered row', async () => {
    const verify = async () => (await t.gql('{ verifyAuditChain { valid entriesChecked firstBrokenPosition reason } }', {}, acme.admin.token)).data!.verifyAuditChain;
    const all = await entries();
    expect(await verify()).toEqual({ valid: true, entriesChecked: all.length, firstBrokenPosition: null, reason: null });
    const target = all.find((e) => e.action === 'ROLE_CHANGE')!;
    await t.stack.apps.identity.dataSource.query("UPDATE audit_entry SET details = '{\"change\":\"REVOKED\"}' WHERE organizationId = ? AND position = ?", [acme.id, target.position]);
    expect(await verify()).toEqual({ valid: false, entriesChecked: target.position - 1, firstBrokenPosition: target.position, reason: 'HASH_MISMATCH' });
  });

  it('an anchor kept outside shows a removed tail and a rewritten chain, which the chain alone cannot', async () => {
    const globex = await t.seed.organization('Globex Anchors');
    await t.gql('mutation { createSpace(input: { name: "One" }) { space { id } } }', {}, globex.admin.token);
    const verify = async (anchor?: { position: number; hash: string }) =>
      (await t.gql('query($anchor: AuditChainAnchorInput) { verifyAuditChain(anchor: $anchor) { valid entriesChecked firstBrokenPosition reason head { position hash } } }', { anchor }, globex.admin.token)).data!.verifyAuditChain;
    const deadline = Date.now() + 5000;
    while (!(await entries({ actions: ['SPACE_CREATED'] }, 10, globex.admin.token)).length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const { head } = await verify();
    expect(head.position).toBeGreaterThan(1);
    expect(await verify(head)).toMatchObject({ valid: true, head });
    // Someone with database access removes the newest entries: the chain alone still looks sound…
    await t.stack.apps.identity.dataSource.query('DELETE FROM audit_entry WHERE organizationId = ? AND position > ?', [globex.id, head.position - 1]);
    expect(await verify()).toMatchObject({ valid: true, reason: null });
    // …but not against the head kept outside.
    expect(await verify(head)).toEqual({ valid: false, entriesChecked: head.position - 1, firstBrokenPosition: head.position, reason: 'ANCHOR_MISSING', head: null });
    const earlier = { position: 1, hash: 'f'.repeat(64) };
    expect(await verify(earlier)).toMatchObject({ valid: false, firstBrokenPosition: 1, reason: 'ANCHOR_MISMATCH' });
    const bad = await t.gql('{ verifyAuditChain(anchor: { position: 0, hash: "nope" }) { valid } }', {}, globex.admin.token);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('an event written while identity is down reaches the log once identity is back, exactly once', async () => {
    const { stack } = t;
    const identityPort = Number(new URL(stack.servers.identity.url).port);
    // Asked through the gateway before identity stops: with identity away nobody can vouch for a session.
    const adminRoleId = await acme.roleId('ADMIN');
    await stack.apps.identity.stop();
    const assigned = await executeAs(
      stack.servers['access-control'].url,
      gatewayTo(stack.config, 'access-control'),
      { kind: 'member', accountId: acme.admin.accountId, organizationId: acme.id, sessionId: null, membershipStatus: 'ACTIVE', permissions: superAdminPermissions },
      roleChange('assignRole'),
      { input: { userId: viewer.accountId, roleId: adminRoleId } },
    );
    expect(assigned.data!.assignRole.userErrors).toEqual([]);
    const pending = async () => Number((await stack.apps['access-control'].dataSource.query("SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'role_assignment.changed' AND publishedAt IS NULL"))[0].n);
    expect(await pending()).toBe(1);
    stack.apps.identity = await stack.createApp('identity');
    stack.servers.identity = await stack.apps.identity.listen(identityPort, '127.0.0.1');
    const deadline = Date.now() + 10_000;
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await stack.apps['access-control'].relay.flush();
    const recorded = await entries({ targetId: viewer.accountId, actions: ['ROLE_CHANGE'] });
    expect(recorded.filter((e) => e.details.roleName === 'Admin')).toHaveLength(1);
  });
});
