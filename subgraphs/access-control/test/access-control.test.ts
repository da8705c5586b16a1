import { randomUUID } from 'node:crypto';
import { identitySubgraph } from '@gatehouse/identity/subgraph';
import { inquiriesSubgraph } from '@gatehouse/inquiries/subgraph';
import { invitationsSubgraph } from '@gatehouse/invitations/subgraph';
import { meteringSubgraph } from '@gatehouse/metering/subgraph';
import { DomainEvent, InProcessEventBus, MemberViewer, RunningServer, SubgraphApp, Viewer, builtInRoles, callRoute, createSubgraphApp, requestSigner } from '@gatehouse/shared';
import { viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { dropTestDatabases, executeAs, gatewayTo, testConfig } from '@gatehouse/shared/testing';
import { accessControlSubgraph } from '../src/subgraph';

/** The access-control subgraph alone, fed identity's events by hand, queried with signed viewers. */
describe('access-control subgraph', () => {
  const config = testConfig({}, [identitySubgraph, accessControlSubgraph, invitationsSubgraph, inquiriesSubgraph, meteringSubgraph]) // identity, invitations, inquiries and metering: the callers of its internal routes;
  const bus = new InProcessEventBus();
  let app: SubgraphApp;
  let server: RunningServer;
  const organizationId = randomUUID();
  const founder = randomUUID();
  const newcomer = randomUUID();
  const event = (type: string, payload: Record<string, unknown>): DomainEvent => ({ eventId: randomUUID(), type, source: 'identity', occurredAt: new Date().toISOString(), payload });
  /** The viewer the gateway would build, from the internal endpoint it calls. */
  const systemView = async (accountId: string): Promise<MemberViewer> => {
    const internal = { signer: requestSigner(config, 'gateway', 'the test'), timeoutMs: 5000 };
    const { permissions } = await callRoute(viewerPermissionsRoute, server.url, { accountId, organizationId }, internal);
    return { kind: 'member', accountId, organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions };
  };

  beforeAll(async () => {
    app = await createSubgraphApp(accessControlSubgraph, { config, bus, relayEvents: true });
    server = await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.stop();
    await dropTestDatabases(config);
  });

  it('a new organization gets the built-in roles and its first user Super Admin', async () => {
    await bus.publish(event('organization.created', { organizationId, name: 'Acme', firstAccountId: founder }));
    await bus.publish(event('membership.created', { organizationId, accountId: founder, status: 'ACTIVE', isFirstUser: true }));
    const viewer = await systemView(founder);
    const response = await executeAs(server.url, gatewayTo(config, 'access-control'), viewer, '{ roles { key } _entities(representations: [{ __typename: "User", id: "' + founder + '" }]) { ... on User { roles { key } } } }');
    expect(response.data!.roles.map((r: { key: string }) => r.key)).toEqual(builtInRoles.map((r) => r.key));
    expect(response.data!._entities).toEqual([{ roles: [{ key: 'SUPER_ADMIN' }] }]);
  });

  it('a redelivered event changes nothing', async () => {
    const joined = event('membership.created', { organizationId, accountId: newcomer, status: 'PENDING', isFirstUser: false });
    await bus.publish(joined);
    await bus.publish(joined);
    const rows = await app.dataSource.query('SELECT COUNT(*) AS n FROM role_assignment WHERE accountId = ?', [newcomer]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('a PENDING member has no effective permissions until activated', async () => {
    expect((await systemView(newcomer)).permissions).toEqual({ levels: {}, capabilities: [] });
    await bus.publish(event('membership.status_changed', { organizationId, accountId: newcomer, actorId: founder, from: 'PENDING', to: 'ACTIVE' }));
    expect((await systemView(newcomer)).permissions.levels.TEAM_MEMBERS).toBe('READ');
  });

  it('every field is guarded: a member of no organization gets FORBIDDEN for roles', async () => {
    const stranger: Viewer = { kind: 'member', accountId: randomUUID(), organizationId: randomUUID(), sessionId: null, membershipStatus: 'ACTIVE', permissions: { levels: {}, capabilities: [] } };
    const response = await executeAs(server.url, gatewayTo(config, 'access-control'), stranger, '{ roles { id } }');
    expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
