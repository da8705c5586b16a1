import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { createGateway } from '@gatehouse/gateway';
import { RunningServer } from '@gatehouse/shared';
import { SeededOrganization, postGraphQL } from '@gatehouse/shared/testing';
import { FreezableProxy, startFreezableProxy } from '../support/freezable-proxy';
import { TestStack, startTestStack } from '../support/test-stack';

describe('a subgraph that hangs', () => {
  let t: TestStack;
  let silent: Server;
  const sockets: Socket[] = [];
  let gateway: RunningServer;

  beforeAll(async () => {
    t = await startTestStack();
    // Accepts connections and never answers: only the gateway's timeout ends the wait.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hangingUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`;
    const config = Object.freeze({ ...t.config, subgraphTimeoutMs: 300, subgraphUrls: { ...t.config.subgraphUrls, 'access-control': hangingUrl } });
    gateway = await (await createGateway({ config, log: () => undefined })).listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await gateway.stop();
    sockets.forEach((s) => s.destroy());
    silent.close();
    await t.stop();
  });

  it('is given up after the per-subgraph timeout; the other subgraph still answers', async () => {
    const admin = (await t.seed.organization('Acme')).admin;
    const started = Date.now();
    const response = await postGraphQL(gateway.url, '{ viewer { email roles { name } } }', {}, { token: admin.token });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.data!.viewer).toEqual({ email: admin.email, roles: null });
    expect(response.errors!.map((e) => e.extensions!.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(response.errors![0].extensions!.serviceName).toBe('access-control');
  });
});

describe('access control freezes while the gateway is serving', () => {
  const timeoutMs = 1500;
  let t: TestStack;
  let proxy: FreezableProxy;
  let gateway: RunningServer;
  let acme: SeededOrganization;

  const timed = async (query: string, token: string) => {
    const started = Date.now();
    const response = await postGraphQL(gateway.url, query, {}, { token });
    const elapsedMs = Date.now() - started;
    return { response, elapsedMs };
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    proxy = await startFreezableProxy(new URL(t.config.subgraphUrls['access-control']));
    // No viewer cache: every request resolves its viewer again, the worst case for a frozen access control.
    const config = Object.freeze({ ...t.config, subgraphTimeoutMs: timeoutMs, viewerCacheTtlMs: 0, subgraphUrls: { ...t.config.subgraphUrls, 'access-control': proxy.url } });
    gateway = await (await createGateway({ config, log: () => undefined })).listen(0, '127.0.0.1');
  });
  afterEach(() => proxy.thaw());
  afterAll(async () => {
    await gateway.stop();
    await proxy.close();
    await t.stop();
  });

  it('costs a request at most one timeout in all, for its viewer look-up and its fetches together', async () => {
    const member = await acme.member('EDITOR', 'Newcomer');
    proxy.freeze();
    const { response, elapsedMs } = await timed('{ viewer { email roles { name } } }', member.token);
    expect(response.data!.viewer).toEqual({ email: member.email, roles: null });
    expect(response.errors!.map((e) => [e.extensions!.code, e.extensions!.serviceName])).toEqual([['SUBGRAPH_UNAVAILABLE', 'access-control']]);
    // Two timeouts in a row (viewer look-up, then the fetch) took 2 x 1500 ms before.
    expect(elapsedMs).toBeLessThan(timeoutMs * 1.5);
  });

  it('once access control is seen frozen, a query that needs only identity does not wait for it at all', async () => {
    const member = await acme.member('EDITOR', 'Regular');
    expect((await timed('{ viewer { email roles { name } } }', member.token)).response.errors).toBeUndefined();
    proxy.freeze();
    await timed('{ viewer { email roles { name } } }', member.token);
    const { response, elapsedMs } = await timed('{ viewer { email } users(first: 5) { totalCount } }', member.token);
    expect(response.errors).toBeUndefined();
    // The viewer keeps its last-known permissions (an Editor may list members) without a new wait.
    expect(response.data).toEqual({ viewer: { email: member.email }, users: { totalCount: expect.any(Number) } });
    expect(elapsedMs).toBeLessThan(timeoutMs / 2);
  });

  it('once access control answers again, permissions come from it again, not from what was last known', async () => {
    const member = await acme.member('VIEWER', 'Promoted');
    const auditLog = '{ auditLog(first: 1) { totalCount } }';
    expect((await timed(auditLog, member.token)).response.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
    proxy.freeze();
    await timed(auditLog, member.token);
    // Promoted through the stack's own gateway: this gateway hears no event and must ask access control.
    const roleChange = async (mutation: 'assignRole' | 'revokeRole') => {
      const changed = await t.gql(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId: member.accountId, roleId: await acme.roleId('ADMIN') } }, acme.admin.token);
      expect(changed.data![mutation].userErrors).toEqual([]);
    };
    await roleChange('assignRole');
    proxy.thaw();
    // The first requests after the thaw may still be served from what was last known while it looks again.
    let allowed = false;
    for (let attempt = 0; attempt < 20 && !allowed; attempt += 1) {
      allowed = (await timed(auditLog, member.token)).response.errors === undefined;
      if (!allowed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(allowed).toBe(true);
    // Access control is back to normal: the very next request waits for its answer again.
    await roleChange('revokeRole');
    expect((await timed(auditLog, member.token)).response.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
  });
});
