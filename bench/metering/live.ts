import { performance } from 'node:perf_hooks';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { postGraphQL } from '@gatehouse/shared/testing';
import { percentile } from '../statistics';
import { MeteringStack } from './stacks';
import { Figures } from './summary';

/**
 * 1,000 usageUpdated subscribers through one gateway (graphql-ws over loopback, in this process),
 * and the time from a recordUsage call to each subscriber's message with the new totals, for one
 * event after a quiet spell: what an analytics consumer waits. Timed from the call's start (the
 * commit happens inside it, and a notice may reach subscribers before the call's response does).
 */
const subscribers = Number(process.env.BENCH_USAGE_SUBSCRIBERS ?? 1000);
const rounds = Number(process.env.BENCH_USAGE_ROUNDS ?? 5);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchLive(stacks: MeteringStack[], figures: Figures): Promise<void> {
  console.log(`Live usage: ${subscribers} usageUpdated subscribers through one gateway, one event per round after 2 s of quiet, ${rounds} rounds`);
  for (const s of stacks) {
    const { org } = await s.organization('Live');
    const key = (await s.gql('mutation { createApiKey(input: { name: "Runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, org.admin.token)).createApiKey.secret;
    const today = new Date().toISOString().slice(0, 10);
    const filter = { from: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), to: today, timeZone: 'UTC' };
    const clients: Client[] = [];
    const latest = new Array<number>(subscribers).fill(-1);
    const arrived: number[][] = Array.from({ length: rounds }, () => []);
    const failures: string[] = [];
    let calledAt = 0;
    const roundTrips: number[] = [];
    try {
      for (let n = 0; n < subscribers; n += 1) {
        const client = createClient({ url: s.stack.gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${org.admin.token}` } });
        clients.push(client);
        client.subscribe(
          { query: 'subscription($filter: UsageFilter!) { usageUpdated(filter: $filter) { events costMicroUsd } }', variables: { filter } },
          {
            next: (value) => {
              const events = (value.data as { usageUpdated: { events: number } }).usageUpdated.events;
              latest[n] = events;
              if (events >= 1 && events <= rounds) arrived[events - 1].push(performance.now() - calledAt);
            },
            error: (error) => void failures.push(JSON.stringify(error).slice(0, 200)),
            complete: () => undefined,
          },
        );
      }
      for (let k = 0; k < 600 && latest.some((e) => e < 0); k += 1) await sleep(100);
      const opened = latest.filter((e) => e === 0).length;
      for (let r = 0; r < rounds; r += 1) {
        await sleep(2000);
        calledAt = performance.now();
        const response = await postGraphQL(s.stack.gatewayUrl, 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }', { input: { events: [{ id: `live-${r}`, occurredAt: new Date().toISOString(), computeType: 'LLM', costMicroUsd: 1000 }] } }, { token: key });
        roundTrips.push(performance.now() - calledAt);
        if (response.data?.recordUsage.recorded !== 1) throw new Error(JSON.stringify(response));
        for (let k = 0; k < 300 && arrived[r].length < opened; k += 1) await sleep(50);
      }
      const latencies = arrived.flat();
      console.log(`  ${s.label}: ${opened} of ${subscribers} subscribed (${failures.length} failed${failures.length ? `: ${failures[0]}` : ''}); delivered ${latencies.length} of ${opened * rounds}`);
      console.log(`  ${s.label}: recordUsage call -> client p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (the call's own round trip: median ${percentile(roundTrips, 50).toFixed(0)} ms)`);
      figures.add(`live ${subscribers} subscribers, call -> client`, s.label, `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (${latencies.length}/${opened * rounds} delivered)`);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  }
}
