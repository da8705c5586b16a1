import { performance } from 'node:perf_hooks';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Seed, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { startEmbeddedStack } from '../src/stack';
import { percentile } from './statistics';
import { subgraphRegistry } from '../src/registry';

const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const events = Number(process.env.BENCH_EVENTS ?? 10);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * Subscriptions held by one gateway (embedded stack, one process): memory with 1,000 open
 * subscriptions, and the time from a change's commit to each subscriber receiving its event.
 */
export async function benchSubscriptions(): Promise<void> {
  const config = testConfig({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' }, subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  const clients: Client[] = [];
  try {
    const org = await new Seed(stack.gatewayUrl).organization('Bench');
    global.gc?.();
    const before = process.memoryUsage();
    const received: number[][] = Array.from({ length: events }, () => []);
    const sentAt: number[] = [];
    const answered: number[] = [];
    const failures: string[] = [];
    const ready = new Set<number>();
    await Promise.all(
      Array.from({ length: subscribers }, async (_, n) => {
        const client = createClient({ url: stack.gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${org.admin.token}` } });
        clients.push(client);
        client.subscribe(
          { query: 'subscription { auditEventRecorded(filter: { actions: [SPACE_CREATED] }) { action details } }' },
          {
            next: (value) => {
              const [kind, index] = String((value.data as { auditEventRecorded: { details: { name: string } } }).auditEventRecorded.details.name).split(' ');
              if (kind === 'Warmup') ready.add(n);
              else received[Number(index)]?.push(performance.now() - sentAt[Number(index)]);
            },
            error: (error) => void failures.push(JSON.stringify(error).slice(0, 200)),
            complete: () => undefined,
          },
        );
      }),
    );
    // Subscriptions open their subgraph side lazily: warm up until every one has heard an event.
    for (let k = 0; ready.size < subscribers && k < 50; k += 1) {
      await postGraphQL(stack.gatewayUrl, `mutation { createSpace(input: { name: "Warmup ${k}" }) { space { id } } }`, {}, { token: org.admin.token });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    global.gc?.();
    const held = process.memoryUsage();
    for (let i = 0; i < events; i += 1) {
      sentAt[i] = performance.now();
      await postGraphQL(stack.gatewayUrl, `mutation { createSpace(input: { name: "Space ${i}" }) { space { id } } }`, {}, { token: org.admin.token });
      answered.push(performance.now() - sentAt[i]);
      const deadline = Date.now() + 10_000;
      while (received[i].length < subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const latencies = received.flat();
    global.gc?.();
    const after = process.memoryUsage();
    // Clients leave: every subscription and its subgraph side must be released.
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    global.gc?.();
    const released = process.memoryUsage();
    console.log(`Subscriptions through one gateway (embedded: gateway, subgraphs and ${subscribers} graphql-ws clients in one process)`);
    console.log(`  memory, heap used (RSS): ${mb(before.heapUsed)} (${mb(before.rss)}) before, ${mb(held.heapUsed)} (${mb(held.rss)}) holding ${subscribers} subscriptions, ${mb(after.heapUsed)} (${mb(after.rss)}) after ${events} events to each, ${mb(released.heapUsed)} once every client left`);
    console.log(`  delivered: ${latencies.length} of ${subscribers * events} events; ${failures.length} subscriptions failed${failures.length ? ` (first: ${failures[0]})` : ''}`);
    console.log(`  change committed -> event at the client: first ${latencies.reduce((a, b) => Math.min(a, b), Infinity).toFixed(1)} ms, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (includes the mutation's round trip, median ${percentile(answered, 50).toFixed(1)} ms)`);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await stack.stop();
    await dropTestDatabases(config);
  }
}
