import WebSocket from 'ws';
import { createGateway } from '@gatehouse/gateway';
import { RequestSigner, RunningServer, SigningService, VIEWER_SIGNATURE_HEADER, VIEWER_UPDATE_KEY, Viewer, noPermissions, requestSigner } from '@gatehouse/shared';
import { SeededOrganization, gatewayTo, postBody, postGraphQL, signedConnectionParams, signedHeaders } from '@gatehouse/shared/testing';
import { CapturedRequest, CapturingProxy, send } from '../support/capturing-proxy';
import { TestStack, startTestStack } from '../support/test-stack';

/** The window of this stack's signatures: short, so "after the window" needs no long wait. */
const windowMs = 1000;
const usersQuery = '{ users { totalCount } }';

/** A graphql-ws (graphql-transport-ws) connection driven by hand, so a test can send its own pings. */
interface RawConnection {
  socket: WebSocket;
  /** `ack` when the subgraph accepted connection_init, else the close code it answered with. */
  outcome: 'ack' | number;
  messages: { id?: string; type: string; payload?: unknown }[];
}

function connectRaw(url: string, params: Record<string, string>): Promise<RawConnection> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const connection: RawConnection = { socket, outcome: 0, messages: [] };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      connection.messages.push(message);
      if (message.type === 'connection_ack') resolve({ ...connection, outcome: 'ack' });
    });
    socket.on('close', (code) => resolve({ ...connection, outcome: code }));
  });
}

/**
 * Gateway and subgraphs talk over a network an attacker may see. Everything here goes over real
 * HTTP on loopback: a second gateway reaches identity through a proxy that records (or intercepts)
 * what it sends, and the tests replay what it captured.
 */
describe('the gate between gateway and subgraphs', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let proxy: CapturingProxy;
  let proxied: RunningServer;
  let admin: Viewer;

  beforeAll(async () => {
    t = await startTestStack({ REQUEST_SIGNATURE_WINDOW_MS: String(windowMs) });
    acme = await t.seed.organization('Acme');
    await acme.member('VIEWER', 'Vera');
    proxy = await CapturingProxy.start(t.config.subgraphUrls.identity);
    const gateway = await createGateway({ config: { ...t.config, subgraphUrls: { ...t.config.subgraphUrls, identity: proxy.url() } }, log: () => undefined });
    proxied = await gateway.listen(0, '127.0.0.1');
    admin = await t.stack.gateway.viewers.resolve(`Bearer ${acme.admin.token}`);
  });
  afterAll(async () => {
    await proxied?.stop();
    await proxy?.stop();
    await t.stop();
  });

  const identityUrl = (path = '/graphql') => new URL(path, t.config.subgraphUrls.identity).href;
  /** The admin's users query as the gateway sent it to identity; intercepted: identity never saw it. */
  const interceptedQuery = async (): Promise<CapturedRequest> => {
    proxy.hold = (request) => request.path === '/graphql';
    try {
      await postGraphQL(proxied.url, usersQuery, {}, { token: acme.admin.token });
      return proxy.last('/graphql');
    } finally {
      proxy.hold = null;
    }
  };
  const statusOf = async (response: Promise<Response>) => (await response).status;

  it('a captured request is served once: sent again, with its nonce, it is refused', async () => {
    const answer = await postGraphQL(proxied.url, usersQuery, {}, { token: acme.admin.token });
    expect(answer.data!.users.totalCount).toBe(2);
    const query = proxy.last('/graphql');
    expect(await statusOf(send(identityUrl(query.path), query))).toBe(401);
    // The gateway's internal call (a `system` viewer) is no more replayable than a viewer's.
    const internal = proxy.last('/internal/session-status');
    expect(await statusOf(send(identityUrl(internal.path), internal))).toBe(401);
  });

  it('an intercepted request is refused with another body, on another subgraph, or on another path, and still served as it was', async () => {
    const query = await interceptedQuery();
    const otherBody = Buffer.from(JSON.stringify({ query: '{ users { edges { node { email } } } }' }));
    expect(await statusOf(send(identityUrl(), { ...query, body: otherBody }))).toBe(401);
    expect(await statusOf(send(t.config.subgraphUrls['access-control'], query))).toBe(401);
    // `/graphql/` reaches the same handler (a fresh signature for it is served): only the binding refuses it.
    expect(await statusOf(send(identityUrl('/graphql/'), query))).toBe(401);
    const body = query.body.toString();
    expect((await postBody(identityUrl('/graphql/'), body, signedHeaders(gatewayTo(t.config, 'identity'), identityUrl('/graphql/'), admin, body))).status).toBe(200);
    // None of the refused copies used up its nonce: unchanged, it is served, once.
    const served = await send(identityUrl(), query);
    expect(served.status).toBe(200);
    expect((await served.json()).data.users.totalCount).toBe(2);
    expect(await statusOf(send(identityUrl(), query))).toBe(401);
  });

  it('an intercepted request is refused once its window has passed', async () => {
    const query = await interceptedQuery();
    await new Promise((resolve) => setTimeout(resolve, windowMs + 200));
    expect(await statusOf(send(identityUrl(), query))).toBe(401);
  });

  it("a viewer signed with a subgraph's own key is refused on GraphQL; so is a system viewer, even the gateway's", async () => {
    const identityKey = requestSigner(t.config, 'identity', 'the test');
    for (const name of ['identity', 'access-control'] as const) {
      const url = t.config.subgraphUrls[name];
      const body = JSON.stringify({ query: '{ __typename }' });
      const asIdentity = signedHeaders({ signer: identityKey, audience: name }, url, admin, body);
      expect((await postBody(url, body, asIdentity)).status).toBe(401);
      const systemViewer = signedHeaders(gatewayTo(t.config, name), url, { kind: 'system', service: 'gateway' }, body);
      expect((await postBody(url, body, systemViewer)).status).toBe(401);
      expect((await postBody(url, body, signedHeaders(gatewayTo(t.config, name), url, admin, body))).status).toBe(200);
    }
  });

  it('an internal route refuses a caller it does not list, and a caller claiming to be another service', async () => {
    const call = (signer: RequestSigner, service: string, audience: 'identity' | 'access-control', route: string, body: Record<string, unknown>) => {
      const url = new URL(`/internal/${route}`, t.config.subgraphUrls[audience]).href;
      const text = JSON.stringify(body);
      return postBody(url, text, signedHeaders({ signer, audience }, url, { kind: 'system', service }, text));
    };
    const as = (service: SigningService) => requestSigner(t.config, service, 'the test');
    const holders = { organizationId: acme.id, roleKey: 'SUPER_ADMIN', accountIds: [acme.admin.accountId] };
    // role-holders lists identity only; session-status the gateway only.
    expect((await call(as('identity'), 'identity', 'access-control', 'role-holders', holders))).toMatchObject({ status: 200, holders: [acme.admin.accountId] });
    expect((await call(as('gateway'), 'gateway', 'access-control', 'role-holders', holders)).status).toBe(403);
    expect((await call(as('identity'), 'identity', 'identity', 'session-status', { accessToken: acme.admin.token })).status).toBe(403);
    expect((await call(as('gateway'), 'gateway', 'identity', 'session-status', { accessToken: acme.admin.token }))).toMatchObject({ status: 200, valid: true });
    expect((await call(as('identity'), 'gateway', 'identity', 'session-status', { accessToken: acme.admin.token })).status).toBe(403);
  });

  it("a subscription connection's signature is good once and for its subgraph only; a viewer update only on the connection it was signed for", async () => {
    const wsUrl = t.config.subgraphUrls.identity.replace(/^http/, 'ws');
    const gateway = gatewayTo(t.config, 'identity');
    const params = signedConnectionParams(gateway, wsUrl, admin);
    const connection = await connectRaw(wsUrl, params);
    expect(connection.outcome).toBe('ack');
    const refusals = [
      params, // the same connection_init again
      signedConnectionParams(gatewayTo(t.config, 'access-control'), wsUrl, admin),
      signedConnectionParams({ signer: requestSigner(t.config, 'identity', 'the test'), audience: 'identity' }, wsUrl, admin),
    ];
    for (const refused of refusals) expect((await connectRaw(wsUrl, refused)).outcome).toBe(4403);

    connection.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { auditEventRecorded { action } }' } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const powerless: Viewer = { ...(admin as Extract<Viewer, { kind: 'member' }>), permissions: noPermissions };
    const update = (connectionNonce: string) => ({ type: 'ping', payload: { [VIEWER_UPDATE_KEY]: gateway.signer.sign(powerless, { audience: 'identity', method: 'WS-VIEWER', path: '/graphql', body: connectionNonce }) } });
    const ended = () => connection.messages.some((m) => m.id === '1' && JSON.stringify(m).includes('FORBIDDEN'));
    // Signed for another connection: ignored, the subscription goes on.
    connection.socket.send(JSON.stringify(update('another-connection-nonce-0000')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ended()).toBe(false);
    // Signed for this one: the subgraph decides again at once (the viewer lost Audit Log READ).
    const ownNonce = /n=([^,]+)/.exec(params[VIEWER_SIGNATURE_HEADER])![1];
    connection.socket.send(JSON.stringify(update(ownNonce)));
    const deadline = Date.now() + 3000;
    while (!ended() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended()).toBe(true);
    connection.socket.close();
  });
});
