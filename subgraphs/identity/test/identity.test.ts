import { DomainEvent, InProcessEventBus, RunningServer, SubgraphApp, Viewer, createSubgraphApp, noPermissions } from '@gatehouse/shared';
import { dropTestDatabases, executeAs, gatewayTo, testConfig } from '@gatehouse/shared/testing';
import { inquiriesSubgraph } from '@gatehouse/inquiries/subgraph';
import { invitationsSubgraph } from '@gatehouse/invitations/subgraph';
import { meteringSubgraph } from '@gatehouse/metering/subgraph';
import { identitySubgraph } from '../src/subgraph';

/** The identity subgraph alone: its events are captured from the bus, queries go in signed. */
describe('identity subgraph', () => {
  // Invitations', inquiries' and metering's keys too: identity verifies the calls of the services its internal routes list.
  const config = testConfig({}, [identitySubgraph, invitationsSubgraph, inquiriesSubgraph, meteringSubgraph]);
  const bus = new InProcessEventBus();
  const published: DomainEvent[] = [];
  let app: SubgraphApp;
  let server: RunningServer;
  const anonymous: Viewer = { kind: 'anonymous' };
  const signUp = (email: string, organizationName?: string) =>
    executeAs(server.url, gatewayTo(config, 'identity'), anonymous, 'mutation($input: SignUpInput!) { signUp(input: $input) { membershipStatus session { accountId organizationId } userErrors { code } } }', {
      input: { email, password: 'a long enough password', name: 'Someone', organizationName },
    });

  beforeAll(async () => {
    for (const type of ['organization.created', 'membership.created']) bus.subscribe('test', type, async (e) => void published.push(e));
    app = await createSubgraphApp(identitySubgraph, { config, bus, relayEvents: true });
    server = await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.stop();
    await dropTestDatabases(config);
  });

  it('a sign-up commits its events with it and publishes them in order', async () => {
    const response = await signUp('first@example.com');
    const { accountId, organizationId } = response.data!.signUp.session;
    expect(published.map((e) => e.type)).toEqual(['organization.created', 'membership.created']);
    expect(published[1].payload).toEqual({ organizationId, accountId, status: 'ACTIVE', isFirstUser: true });
    const pending = await app.dataSource.query('SELECT COUNT(*) AS n FROM outbox_event WHERE publishedAt IS NULL');
    expect(Number(pending[0].n)).toBe(0);
  });

  it('later sign-ups without an organization name all join the primary organization as PENDING', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(`racer${i}@example.com`)));
    const statuses = results.map((r) => r.data!.signUp.membershipStatus);
    expect(statuses.every((s) => s === 'PENDING')).toBe(true);
    const organizations = await app.dataSource.query('SELECT COUNT(*) AS n FROM organization');
    expect(Number(organizations[0].n)).toBe(1);
  });

  it('of simultaneous first sign-ups on an empty install exactly one creates the organization', async () => {
    const freshConfig = testConfig({}, [identitySubgraph, invitationsSubgraph, inquiriesSubgraph, meteringSubgraph]);
    const fresh = await createSubgraphApp(identitySubgraph, { config: freshConfig, bus: new InProcessEventBus(), relayEvents: true });
    const freshServer = await fresh.listen(0, '127.0.0.1');
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          executeAs(freshServer.url, gatewayTo(freshConfig, 'identity'), anonymous, 'mutation($input: SignUpInput!) { signUp(input: $input) { membershipStatus userErrors { code } } }', {
            input: { email: `first${i}@example.com`, password: 'a long enough password', name: 'Racer' },
          }),
        ),
      );
      const statuses = results.map((r) => r.data!.signUp.membershipStatus).sort();
      expect(statuses).toEqual(['ACTIVE', ...Array(7).fill('PENDING')]);
      const organizations = await fresh.dataSource.query('SELECT COUNT(*) AS n FROM organization');
      expect(Number(organizations[0].n)).toBe(1);
    } finally {
      await fresh.stop();
      await dropTestDatabases(freshConfig);
    }
  });

  it('_entities resolves users of the viewer\'s organization only', async () => {
    const [first] = await app.dataSource.query("SELECT a.id, m.organizationId FROM account a JOIN membership m ON m.accountId = a.id WHERE a.emailNormalized = 'first@example.com'");
    const other = await signUp('other-org@example.com', 'Other');
    const otherId = other.data!.signUp.session.accountId;
    const viewer: Viewer = { kind: 'member', accountId: first.id, organizationId: first.organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions: { levels: { TEAM_MEMBERS: 'READ' as never }, capabilities: [] } };
    const response = await executeAs(server.url, gatewayTo(config, 'identity'), viewer, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }', {
      r: [{ __typename: 'User', id: first.id }, { __typename: 'User', id: otherId }],
    });
    expect(response.data!._entities).toEqual([{ id: first.id, email: 'first@example.com' }, null]);
  });

  it('a member without TEAM_MEMBERS READ sees only their own e-mail', async () => {
    const [first] = await app.dataSource.query("SELECT a.id, m.organizationId FROM account a JOIN membership m ON m.accountId = a.id WHERE a.emailNormalized = 'first@example.com'");
    const [racer] = await app.dataSource.query("SELECT id FROM account WHERE emailNormalized = 'racer0@example.com'");
    const viewer: Viewer = { kind: 'member', accountId: first.id, organizationId: first.organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions: noPermissions };
    const response = await executeAs(server.url, gatewayTo(config, 'identity'), viewer, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }', {
      r: [{ __typename: 'User', id: first.id }, { __typename: 'User', id: racer.id }],
    });
    expect(response.data!._entities).toEqual([{ id: first.id, email: 'first@example.com' }, { id: racer.id, email: null }]);
    expect(response.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
  });
});
