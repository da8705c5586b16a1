import { Client } from 'graphql-ws';
import { signAccessToken } from '@gatehouse/shared';
import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';
import { SubscriptionClients, endOf, settle, until } from '../support/subscription-clients';

const roleChanges = `subscription { auditEventRecorded(filter: { actions: [ROLE_CHANGE] }) { action details target { email roles { name } } } }`;

/** Subscriptions through the gateway's one endpoint, with a real graphql-ws client. */
describe('subscriptions through the gateway', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  const connect = (token: string | null) => ws.connect(token ? { token } : null);
  const watch = (client: Client, query: string) => ws.watch(client, query);

  beforeAll(async () => {
    t = await startTestStack({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '3' });
    acme = await t.seed.organization('Acme');
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('an event carries fields of several subgraphs (the target from identity, its roles from access control)', async () => {
    const watching = watch(connect(acme.admin.token), roleChanges);
    await settle();
    const member = await acme.member('EDITOR', 'Eve');
    await until(() => watching.events.length >= 2);
    expect(watching.errors).toEqual([]);
    const [assigned] = watching.events.map((e) => e.data.auditEventRecorded);
    expect(assigned).toEqual({ action: 'ROLE_CHANGE', details: expect.objectContaining({ change: 'ASSIGNED', roleName: 'Editor' }), target: { email: member.email, roles: expect.arrayContaining([{ name: 'Editor' }]) } });
  });

  it('each event reads its fields afresh (no cache lives as long as the subscription)', async () => {
    const member = await acme.member(null, 'Fay');
    const watching = watch(connect(acme.admin.token), `subscription { auditEventRecorded(filter: { targetId: "${member.accountId}", actions: [ROLE_CHANGE] }) { target { jobTitle } } }`);
    await settle();
    const change = (mutation: string, role: string) => acme.roleId(role).then((roleId) => t.gql(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId: member.accountId, roleId } }, acme.admin.token));
    await change('assignRole', 'EDITOR');
    await until(() => watching.events.length >= 1);
    await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, jobTitle: 'Lead' } }, acme.admin.token);
    await change('revokeRole', 'EDITOR');
    await until(() => watching.events.length >= 2);
    expect(watching.events.map((e) => e.data.auditEventRecorded.target.jobTitle)).toEqual([null, 'Lead']);
  });

  it('never delivers another organization\'s events', async () => {
    const watching = watch(connect(acme.admin.token), 'subscription { auditEventRecorded { action } }');
    await settle();
    const globex = await t.seed.organization('Globex');
    const theirs = watch(connect(globex.admin.token), 'subscription { auditEventRecorded { action } }');
    await settle();
    await t.gql('mutation { createSpace(input: { name: "Globex space" }) { space { id } } }', {}, globex.admin.token);
    await until(() => theirs.events.length >= 1);
    expect(theirs.events.map((e) => e.data.auditEventRecorded.action)).toEqual(['SPACE_CREATED']);
    expect(watching.events).toEqual([]);
  });

  it('refuses unauthenticated connections (4401) and forbidden subscriptions (FORBIDDEN)', async () => {
    const anonymous = watch(connect(null), 'subscription { auditEventRecorded { action } }');
    await anonymous.done;
    expect((anonymous.errors[0] as { code?: number }).code).toBe(4401);
    const wrongToken = watch(connect('not-a-token'), 'subscription { auditEventRecorded { action } }');
    await wrongToken.done;
    expect((wrongToken.errors[0] as { code?: number }).code).toBe(4401);
    const viewer = await acme.member('VIEWER', 'Vic');
    const forbidden = watch(connect(viewer.token), 'subscription { auditEventRecorded { action } }');
    await forbidden.done;
    expect(JSON.stringify(forbidden.errors)).toContain('FORBIDDEN');
  });

  it('holds subscriptions to the HTTP endpoint\'s limits (aliases, tokens) and answers a query sent over the socket with BAD_REQUEST', async () => {
    const client = connect(acme.admin.token);
    const aliases = watch(client, `subscription { auditEventRecorded { ${Array.from({ length: 30 }, (_, i) => `a${i}: action`).join(' ')} } }`);
    await endOf(aliases);
    expect(JSON.stringify(aliases.errors)).toMatch(/aliases/i);
    const tokens = watch(client, `subscription { auditEventRecorded { ${'action '.repeat(2500)} } }`);
    await endOf(tokens);
    expect(JSON.stringify(tokens.errors)).toMatch(/token/i);
    const query = watch(client, '{ viewer { id } }');
    await endOf(query);
    expect(JSON.stringify([...query.errors, ...query.events])).toContain('BAD_REQUEST');
  });

  it('a connection holds at most MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions (TOO_MANY_SUBSCRIPTIONS beyond); ending one makes room', async () => {
    const client = connect(acme.admin.token);
    const held = [1, 2, 3].map(() => watch(client, 'subscription { auditEventRecorded { action } }'));
    await settle();
    const fourth = watch(client, 'subscription { auditEventRecorded { action } }');
    await endOf(fourth);
    expect(JSON.stringify(fourth.errors)).toContain('TOO_MANY_SUBSCRIPTIONS');
    expect(held.map((w) => w.errors)).toEqual([[], [], []]);
    held[0].stop();
    await settle();
    const again = watch(client, 'subscription { auditEventRecorded { action } }');
    await settle();
    await t.gql('mutation { createSpace(input: { name: "Room again" }) { space { id } } }', {}, acme.admin.token);
    await until(() => again.events.length >= 1);
    expect(again.errors).toEqual([]);
    expect(again.events[0].data.auditEventRecorded.action).toBe('SPACE_CREATED');
  });

  it('a subscriber that was away resumes with afterPosition: what it missed, then the new entries, each once and in order', async () => {
    const spaces = 'subscription($after: Int) { auditEventRecorded(filter: { actions: [SPACE_CREATED] }, afterPosition: $after) { position details } }';
    const create = (name: string) => t.gql(`mutation { createSpace(input: { name: "${name}" }) { space { id } } }`, {}, acme.admin.token);
    const first = ws.watch(connect(acme.admin.token), spaces);
    await settle();
    await create('Seen');
    await until(() => first.events.length >= 1);
    const lastSeen = first.events[0].data.auditEventRecorded.position;
    first.stop();
    // Away: two spaces created (and a role change the filter leaves out).
    await create('Missed 1');
    await create('Missed 2');
    const member = await acme.member(null, 'Rae');
    await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: member.accountId, roleId: await acme.roleId('EDITOR') } }, acme.admin.token);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the entries reach the log
    const resumed = ws.watch(connect(acme.admin.token), spaces, { after: lastSeen });
    await until(() => resumed.events.length >= 2);
    await create('Live');
    await until(() => resumed.events.length >= 3);
    await settle();
    const names = resumed.events.map((e) => e.data.auditEventRecorded.details.name);
    expect(names).toEqual(['Missed 1', 'Missed 2', 'Live']);
    const positions = resumed.events.map((e) => e.data.auditEventRecorded.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(positions[0]).toBeGreaterThan(lastSeen);
    const invalid = ws.watch(connect(acme.admin.token), spaces, { after: -1 });
    await endOf(invalid);
    expect(JSON.stringify([...invalid.errors, ...invalid.events])).toContain('BAD_USER_INPUT');
  });

  it('losing the permission mid-subscription ends it at once (the gateway re-sends the viewer and the subgraph decides again)', async () => {
    const auditor = await acme.member('ADMIN', 'Ann');
    // Filtered to spaces: the role change's own entry never reaches it, so only the re-sent viewer can end it.
    const watching = watch(connect(auditor.token), 'subscription { auditEventRecorded(filter: { actions: [SPACE_CREATED] }) { action } }');
    await settle();
    await t.gql('mutation { createSpace(input: { name: "Before" }) { space { id } } }', {}, acme.admin.token);
    await until(() => watching.events.length >= 1);
    expect(watching.events[0].data.auditEventRecorded.action).toBe('SPACE_CREATED');
    const revoke = await t.gql('mutation($input: RoleChangeInput!) { revokeRole(input: $input) { userErrors { code } } }', { input: { userId: auditor.accountId, roleId: await acme.roleId('ADMIN') } }, acme.admin.token);
    expect(revoke.data!.revokeRole.userErrors).toEqual([]);
    await endOf(watching);
    expect(JSON.stringify(watching.errors)).toContain('FORBIDDEN');
  });

  it('a connection ends when its access token expires (4401)', async () => {
    const claims = JSON.parse(Buffer.from(acme.admin.token.split('.')[1], 'base64url').toString('utf8'));
    const shortLived = signAccessToken({ accountId: claims.sub, organizationId: claims.org, sessionFamilyId: claims.sid }, t.stack.config.jwtSecret!, 3).token;
    const watching = watch(connect(shortLived), 'subscription { auditEventRecorded { action } }');
    await settle();
    // Working while the token is valid…
    await t.gql('mutation { createSpace(input: { name: "While valid" }) { space { id } } }', {}, acme.admin.token);
    await until(() => watching.events.length >= 1);
    expect(watching.events).toHaveLength(1);
    // …and closed when it expires.
    await endOf(watching, 6000);
    expect((watching.errors[0] as { code?: number }).code).toBe(4401);
  });

  it('a subgraph that goes away ends the subscription with a clear error, not a hang; connecting meanwhile says try again later (1013)', async () => {
    const watching = watch(connect(acme.admin.token), 'subscription { auditEventRecorded { action } }');
    await settle();
    const { stack } = t;
    const freshToken = await t.seed.logIn(acme.admin.email, acme.admin.password); // a session no gateway cache knows
    const port = Number(new URL(stack.servers.identity.url).port);
    await stack.apps.identity.stop();
    await endOf(watching);
    expect(JSON.stringify(watching.errors)).toContain('SUBGRAPH_UNAVAILABLE');
    // Meanwhile nobody can be authenticated: "try again later" (1013), not "your token is bad" (4401).
    const meanwhile = watch(connect(freshToken), 'subscription { auditEventRecorded { action } }');
    await endOf(meanwhile);
    expect((meanwhile.errors[0] as { code?: number }).code).toBe(1013);
    stack.apps.identity = await stack.createApp('identity');
    stack.servers.identity = await stack.apps.identity.listen(port, '127.0.0.1');
  });
});
