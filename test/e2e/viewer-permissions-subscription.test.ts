import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';
import { SubscriptionClients, endOf, settle, until } from '../support/subscription-clients';

const changes = `subscription {
  viewerPermissionsChanged {
    user { id email roles { name } }
    space { id name }
    permissions { grants { area level } capabilities }
    previous { grants { area level } }
    changes { area from to }
    capabilitiesGained
    capabilitiesLost
    changedAt
  }
}`;

/** The selection the README shows. */
const readmeSelection = 'subscription { viewerPermissionsChanged { user { email roles { name } } space { name } permissions { grants { area level } capabilities } changes { area from to } capabilitiesGained capabilitiesLost } }';

/** viewerPermissionsChanged through the gateway: a client hears at once, and only, when what it may do changed. */
describe('viewerPermissionsChanged', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  const asAdmin = (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, acme.admin.token);
  const roleChange = async (mutation: 'assignRole' | 'revokeRole', userId: string, roleKey: string, spaceId?: string) => {
    const response = await asAdmin(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId, roleId: await acme.roleId(roleKey), spaceId } });
    expect(response.data![mutation].userErrors).toEqual([]);
  };
  const changeOf = (watched: { events: Record<string, any>[] }, i: number) => watched.events[i].data.viewerPermissionsChanged; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('tells a member their new permissions with fields of both subgraphs, and what changed', async () => {
    const vic = await acme.member('VIEWER', 'Vic');
    const watching = ws.watch(ws.connect({ token: vic.token }), changes);
    await settle();
    await roleChange('assignRole', vic.accountId, 'EDITOR');
    await until(() => watching.events.length >= 1);
    expect(watching.errors).toEqual([]);
    const change = changeOf(watching, 0);
    expect(change.user).toEqual({ id: vic.accountId, email: vic.email, roles: expect.arrayContaining([{ name: 'Editor' }, { name: 'Viewer' }]) });
    expect(change.space).toBeNull();
    expect(change.changes.length).toBeGreaterThan(0);
    expect(change.changes).toContainEqual({ area: 'AGENTS', from: 'READ', to: 'WRITE' });
    expect(change.permissions.grants).toContainEqual({ area: 'AGENTS', level: 'WRITE' });
    expect(change.previous.grants).toContainEqual({ area: 'AGENTS', level: 'READ' });

    await roleChange('revokeRole', vic.accountId, 'EDITOR');
    await until(() => watching.events.length >= 2);
    expect(changeOf(watching, 1).changes).toContainEqual({ area: 'AGENTS', from: 'WRITE', to: 'READ' });
  });

  it('hears only real changes to the viewer: not other members\' changes, not changes that leave its permissions as they were', async () => {
    const ann = await acme.member('EDITOR', 'Ann');
    const bob = await acme.member('VIEWER', 'Bob');
    const watching = ws.watch(ws.connect({ token: ann.token }), changes);
    await settle();
    await roleChange('assignRole', bob.accountId, 'EDITOR'); // someone else
    await roleChange('assignRole', ann.accountId, 'VIEWER'); // Editor already covers Viewer: nothing changes for Ann
    await roleChange('assignRole', ann.accountId, 'ADMIN'); // a real change
    await until(() => watching.events.length >= 1);
    await settle(500);
    expect(watching.events).toHaveLength(1);
    expect(changeOf(watching, 0).user.roles.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['Admin', 'Editor', 'Viewer']));
  });

  it('follows organization-wide sources: the defaults of members in no group', async () => {
    const dee = await acme.member('VIEWER', 'Dee');
    const watching = ws.watch(ws.connect({ token: dee.token }), changes);
    await settle();
    const set = await asAdmin('mutation { setDefaultPermissions(input: { grants: [{ area: PROMPTS, level: WRITE }], capabilities: [CHAT_WEB_SEARCH] }) { userErrors { code } } }');
    expect(set.data!.setDefaultPermissions.userErrors).toEqual([]);
    await until(() => watching.events.length >= 1);
    const change = changeOf(watching, 0);
    expect(change.changes).toContainEqual({ area: 'PROMPTS', from: 'READ', to: 'WRITE' });
    expect(change.capabilitiesGained).toEqual(['CHAT_WEB_SEARCH']);
    await asAdmin('mutation { setDefaultPermissions(input: { grants: [], capabilities: [] }) { userErrors { code } } }');
    await until(() => watching.events.length >= 2);
    expect(changeOf(watching, 1).capabilitiesLost).toEqual(['CHAT_WEB_SEARCH']);
  });

  it('reports a role in one space with the space (its name from identity)', async () => {
    const sam = await acme.member('VIEWER', 'Sam');
    const space = (await asAdmin('mutation { createSpace(input: { name: "Research" }) { space { id } } }')).data!.createSpace.space;
    const watching = ws.watch(ws.connect({ token: sam.token }), changes);
    await settle();
    await roleChange('assignRole', sam.accountId, 'EDITOR', space.id);
    await until(() => watching.events.length >= 1);
    const change = changeOf(watching, 0);
    expect(change.space).toEqual({ id: space.id, name: 'Research' });
    expect(change.permissions.grants).toContainEqual({ area: 'AGENTS', level: 'WRITE' });
    expect(change.previous).toBeNull(); // the first this subscription saw of that space
    expect(change.changes).toBeNull();
  });

  it('lets a pending member hear that they were let in', async () => {
    const pending = await t.seed.signUp({ name: 'Pat' });
    expect(pending.membershipStatus).toBe('PENDING');
    const watching = ws.watch(ws.connect({ token: pending.token }), changes);
    await settle();
    const activated = await asAdmin('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: pending.accountId, status: 'ACTIVE' } });
    expect(activated.data!.setMembershipStatus.userErrors).toEqual([]);
    await until(() => watching.events.length >= 1);
    const change = changeOf(watching, 0);
    expect(change.previous.grants).toEqual([]);
    expect(change.permissions.grants.length).toBeGreaterThan(0);
  });

  it('tells a member set to PENDING that they lost access, with the README\'s selection: their own user, no roles, nothing to do', async () => {
    const lee = await acme.member('EDITOR', 'Lee');
    const watching = ws.watch(ws.connect({ token: lee.token }), readmeSelection);
    await settle();
    const deactivated = await asAdmin('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: lee.accountId, status: 'PENDING' } });
    expect(deactivated.data!.setMembershipStatus.userErrors).toEqual([]);
    await until(() => watching.events.length >= 1);
    expect(watching.events[0].errors).toBeUndefined();
    const change = changeOf(watching, 0);
    // Their roles count for nothing while PENDING (and the organization's roles are for active members): none shown.
    expect(change.user).toEqual({ email: lee.email, roles: [] });
    expect(change.space).toBeNull();
    expect(change.permissions).toEqual({ grants: [], capabilities: [] });
    expect(change.changes).toContainEqual({ area: 'AGENTS', from: 'WRITE', to: 'NONE' });
    expect(watching.errors).toEqual([]); // still subscribed: they will hear when they are let back in
  });

  it('delivers an event with the fields the new viewer may still read, nulls and errors for the rest', async () => {
    const kim = await acme.member('VIEWER', 'Kim');
    const group = (await asAdmin('mutation { createGroup(input: { name: "Kim\'s group", grants: [] }) { group { id } } }')).data!.createGroup.group;
    expect((await asAdmin('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group.id, userIds: [kim.accountId] } })).data!.addGroupMembers.userErrors).toEqual([]);
    // A group's details are for active members: a PENDING one reads their user, not the group's name.
    const watching = ws.watch(ws.connect({ token: kim.token }), 'subscription { viewerPermissionsChanged { user { id email groups { group { name } } } permissions { grants { area } } } }');
    await settle();
    await asAdmin('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: kim.accountId, status: 'PENDING' } });
    await until(() => watching.events.length >= 1);
    const [event] = watching.events;
    expect(event.data.viewerPermissionsChanged).toEqual({ user: { id: kim.accountId, email: kim.email, groups: null }, permissions: { grants: [] } });
    expect(event.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('reads each event as the new viewer, even before the gateway hears of the change by itself', async () => {
    // A gateway that no longer follows the bus, with a long viewer cache: only the event can tell it.
    const own = await startTestStack({ VIEWER_CACHE_TTL_MS: '60000' });
    try {
      own.stack.bus.detach('gateway');
      const ownWs = new SubscriptionClients(() => own.stack.gatewayUrl);
      const admin = (await own.seed.organization('Initech')).admin;
      const pending = await own.seed.signUp({ name: 'Pia' });
      const watching = ownWs.watch(ownWs.connect({ token: pending.token }), 'subscription { viewerPermissionsChanged { user { organization { name createdAt } } } }');
      await settle();
      await own.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: pending.accountId, status: 'ACTIVE' } }, admin.token);
      await until(() => watching.events.length >= 1);
      await ownWs.disposeAll();
      // Organization.createdAt is for active members: readable only as the viewer the event announces.
      expect(watching.events[0]).toEqual({ data: { viewerPermissionsChanged: { user: { organization: { name: 'Initech', createdAt: expect.any(String) } } } } });
    } finally {
      await own.stop();
    }
  });

  it('never hears another organization\'s changes', async () => {
    const vera = await acme.member('VIEWER', 'Vera');
    const watching = ws.watch(ws.connect({ token: vera.token }), changes);
    const globex = await t.seed.organization('Globex');
    await settle();
    // Globex changes its defaults (every member of Globex affected) and Acme does nothing.
    await t.gql('mutation { setDefaultPermissions(input: { grants: [{ area: PROMPTS, level: WRITE }], capabilities: [] }) { userErrors { code } } }', {}, globex.admin.token);
    const theirs = ws.watch(ws.connect({ token: globex.admin.token }), changes);
    await settle(800);
    expect(watching.events).toEqual([]);
    expect(theirs.events).toEqual([]); // their admin holds everything already: no change for them either
  });

  it('is for people: an API key is refused (FORBIDDEN), an anonymous connection closed (4401)', async () => {
    const created = await asAdmin('mutation { createApiKey(input: { name: "Watcher", grants: [{ area: AGENTS, level: READ }] }) { secret } }');
    const key = ws.watch(ws.connect({ apiKey: created.data!.createApiKey.secret }), changes);
    await endOf(key);
    expect(JSON.stringify(key.errors)).toContain('FORBIDDEN');
    const anonymous = ws.watch(ws.connect(null), changes);
    await endOf(anonymous);
    expect((anonymous.errors[0] as { code?: number }).code).toBe(4401);
  });
});
