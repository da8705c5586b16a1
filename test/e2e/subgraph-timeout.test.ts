import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { createGateway } from '@gatehouse/gateway';
import { RunningServer } from '@gatehouse/shared';
import { postGraphQL } from '@gatehouse/shared/testing';
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
