import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { BuiltInRoleKey, Viewer, builtInRoles, unionOfGrants } from '@gatehouse/shared';
import { SeededOrganization, gatewayTo, signedConnectionParams } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const everything = unionOfGrants(builtInRoles.filter((r) => r.key === BuiltInRoleKey.SUPER_ADMIN).map((r) => ({ levels: r.grants, capabilities: r.capabilities })));
const subscription = 'subscription($filter: AuditLogFilter) { auditEventRecorded(filter: $filter) { action actorId targetId details } }';

/** The identity subgraph's subscription endpoint (graphql-ws), reached with a signed viewer as the gateway does. */
describe('auditEventRecorded on the identity subgraph', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  const clients: Client[] = [];
  const connect = (viewer: Viewer | null) => {
    const url = t.stack.servers.identity.url.replace(/^http/, 'ws');
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: () => (viewer ? signedConnectionParams(gatewayTo(t.stack.config, 'identity'), url, viewer) : {}) });
    clients.push(client);
    return client;
  };
  const collect = (client: Client, variables: Json = {}) => {
    const events: Json[] = [];
    const errors: unknown[] = [];
    let resolveDone: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    client.subscribe({ query: subscription, variables }, { next: (value) => void events.push(value), error: (error) => (errors.push(error), resolveDone()), complete: () => resolveDone() });
    return { events, errors, done };
  };
  const memberViewer = (accountId: string, organizationId: string, permissions = everything): Viewer => ({ kind: 'member', accountId, organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions });
  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.stop();
  });

  it('streams the organization\'s new entries, filtered, and never another organization\'s', async () => {
    const all = collect(connect(memberViewer(acme.admin.accountId, acme.id)));
    const roleChanges = collect(connect(memberViewer(acme.admin.accountId, acme.id)), { filter: { actions: ['ROLE_CHANGE'] } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const member = await acme.member('EDITOR', 'Eve');
    await t.seed.organization('Globex');
    await until(() => roleChanges.events.length >= 2);
    const actions = all.events.map((e) => e.data.auditEventRecorded.action);
    expect(actions).toEqual(expect.arrayContaining(['USER_SIGNED_UP', 'USER_ACTIVATED', 'ROLE_CHANGE']));
    expect(actions).not.toContain('ORGANIZATION_CREATED');
    expect(roleChanges.events.map((e) => e.data.auditEventRecorded)).toEqual([
      expect.objectContaining({ action: 'ROLE_CHANGE', actorId: acme.admin.accountId, targetId: member.accountId, details: expect.objectContaining({ change: 'ASSIGNED', roleName: 'Editor' }) }),
      expect.objectContaining({ action: 'ROLE_CHANGE', details: expect.objectContaining({ change: 'REVOKED', roleName: 'Viewer' }) }),
    ]);
    expect(all.errors).toEqual([]);
  });

  it('refuses a connection without a valid signed viewer, and a viewer without Audit Log access', async () => {
    const unsigned = collect(connect(null));
    await unsigned.done;
    expect(String((unsigned.errors[0] as { code?: number; reason?: string }).code)).toBe('4403');
    const forbidden = collect(connect(memberViewer(acme.admin.accountId, acme.id, { levels: {}, capabilities: [] })));
    await forbidden.done;
    expect(forbidden.errors).toEqual([[expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]]);
  });
});
