import { createGateway } from '@gatehouse/gateway';
import { RunningServer } from '@gatehouse/shared';
import { SeededMember, postGraphQL } from '@gatehouse/shared/testing';
import { FreezableProxy, startFreezableProxy } from '../support/freezable-proxy';
import { TestStack, startTestStack } from '../support/test-stack';

/**
 * The drain in one process, without a build: a gateway whose access control is frozen holds a
 * request in flight for as long as the test wants (see test/process for SIGTERM to real processes).
 */
describe('a gateway told to stop while a request is in flight', () => {
  let t: TestStack;
  let proxy: FreezableProxy;
  let member: SeededMember;

  beforeAll(async () => {
    t = await startTestStack();
    member = await (await t.seed.organization('Acme')).member('EDITOR', 'Patient');
    proxy = await startFreezableProxy(new URL(t.config.subgraphUrls['access-control']));
  });
  afterEach(() => proxy.thaw());
  afterAll(async () => {
    await proxy.close();
    await t.stop();
  });

  /** A gateway of its own (nothing cached), whose viewer look-ups wait on the proxy. */
  const gatewayBehindProxy = async (): Promise<RunningServer> => {
    const config = Object.freeze({ ...t.config, subgraphTimeoutMs: 20_000, subgraphUrls: { ...t.config.subgraphUrls, 'access-control': proxy.url } });
    return (await createGateway({ config, log: () => undefined })).listen(0, '127.0.0.1');
  };
  const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: Error) => ({ error }));

  it('answers it in full, says 503 on /ready and to new requests meanwhile, then stops', async () => {
    const gateway = await gatewayBehindProxy();
    proxy.freeze();
    const inFlight = settled(postGraphQL(gateway.url, '{ viewer { email } }', {}, { token: member.token }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = gateway.stop(10_000);

    const ready = await fetch(new URL('/ready', gateway.url));
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'draining' } });
    const refused = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(refused.status).toBe(503);
    expect((await refused.json()).errors[0].extensions.code).toBe('SHUTTING_DOWN');

    proxy.thaw();
    const answer = await inFlight;
    expect('value' in answer && answer.value.data).toEqual({ viewer: { email: member.email } });
    await stopped;
    await expect(fetch(new URL('/ready', gateway.url))).rejects.toThrow();
  });

  it('past the grace, cuts it off and stops on time', async () => {
    const gateway = await gatewayBehindProxy();
    proxy.freeze();
    const inFlight = settled(postGraphQL(gateway.url, '{ viewer { email } }', {}, { token: member.token }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await gateway.stop(300);
    expect(Date.now() - started).toBeLessThan(1500);
    // The client sees its connection cut: fetch fails rather than answering.
    const outcome = await inFlight;
    expect('error' in outcome && outcome.error.message).toBe('fetch failed');
  });
});
