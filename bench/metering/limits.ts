import { performance } from 'node:perf_hooks';
import { postGraphQL } from '@gatehouse/shared/testing';
import { median } from '../statistics';
import { MeteringStack } from './stacks';
import { Figures } from './summary';

/**
 * Daily token limits: reserveTokens through the gateway with and without contention (16 clients
 * for 16 members, or all 16 for one member, whose lock then orders them), and what the limit check
 * costs batched ingest (the same batches with limits set for the reporting members, and with none,
 * alternating round by round).
 */
const clients = Number(process.env.BENCH_LIMITS_CLIENTS ?? 16);
const callsPerClient = Number(process.env.BENCH_LIMITS_CALLS ?? 25);
const rounds = Number(process.env.BENCH_LIMITS_ROUNDS ?? 3);
const ingestCalls = Number(process.env.BENCH_LIMITS_INGEST_CALLS ?? 6);

const reserve = 'mutation($input: ReserveTokensInput!) { reserveTokens(input: $input) { hold { id } userErrors { code } } }';
const record = 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }';
const setLimit = 'mutation($input: SetTokenLimitInput!) { setTokenLimit(input: $input) { userErrors { code } } }';
const removeLimit = 'mutation($input: TokenLimitKeyInput!) { removeTokenLimit(input: $input) { userErrors { code } } }';

let sequence = 0;

async function reservationsPerSecond(s: MeteringStack, members: readonly string[], contended: boolean): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    const userId = contended ? members[0] : members[c % members.length];
    for (let i = 0; i < callsPerClient; i += 1) {
      const response = await postGraphQL(s.stack.gatewayUrl, reserve, { input: { userId, estimate: 10, requestId: `bench-${sequence++}` } }, { token: s.apiKey });
      if (response.errors || !response.data?.reserveTokens.hold) throw new Error(`reserveTokens: ${JSON.stringify(response).slice(0, 300)}`);
    }
  }));
  return (clients * callsPerClient) / ((performance.now() - started) / 1000);
}

async function ingestPerSecond(s: MeteringStack, members: readonly string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let call = 0; call < ingestCalls; call += 1) {
      const events = Array.from({ length: 1000 }, (_, i) => ({
        id: `limits-ingest-${sequence++}`, occurredAt: new Date(Date.now() - i * 1000).toISOString(), computeType: 'LLM',
        userId: members[i % members.length], provider: 'openai', model: i % 2 ? 'gpt-4o' : 'o3', inputTokens: 10, outputTokens: 5, costMicroUsd: 3,
      }));
      const response = await postGraphQL(s.stack.gatewayUrl, record, { input: { events } }, { token: s.apiKey });
      if (response.errors || response.data?.recordUsage.recorded !== 1000) throw new Error(`recordUsage: ${JSON.stringify(response).slice(0, 300)}`);
    }
  }));
  return (4 * ingestCalls * 1000) / ((performance.now() - started) / 1000);
}

const range = (values: number[]) => `${Math.min(...values).toFixed(0)}..${Math.max(...values).toFixed(0)}`;

export async function benchLimits(stacks: MeteringStack[], figures: Figures): Promise<void> {
  const membersOf = new Map<MeteringStack, string[]>();
  for (const s of stacks) {
    const members = [...s.population.users];
    for (let i = members.length; i < clients; i += 1) members.push((await s.org.member(null, `Limited ${i}`)).accountId);
    membersOf.set(s, members);
    // Limits that never run out during the bench: every reservation is granted, as most are in production.
    for (const userId of members) if (userId !== s.org.admin.accountId) await s.gql(setLimit, { input: { level: 'USER', targetId: userId, dailyTokens: 10 ** 12 } }, s.org.admin.token);
  }
  console.log(`Daily token limits: reserveTokens through the gateway, ${clients} clients x ${callsPerClient} calls (reservations/s; ${rounds} rounds interleaved)`);
  for (const contended of [false, true]) {
    const label = contended ? 'one member (contention)' : `${clients} members (no contention)`;
    const rates = new Map<MeteringStack, number[]>(stacks.map((s) => [s, []]));
    for (const s of stacks) await reservationsPerSecond(s, membersOf.get(s)!.slice(1), contended); // warm-up
    for (let r = 0; r < rounds; r += 1) for (const s of stacks) rates.get(s)!.push(await reservationsPerSecond(s, membersOf.get(s)!.slice(1), contended));
    for (const s of stacks) {
      const v = rates.get(s)!;
      console.log(`  ${label.padEnd(26)} ${s.label.padEnd(14)} median ${median(v).toFixed(0)}/s (${range(v)})`);
      figures.add(`reservations, ${label}`, s.label, `${median(v).toFixed(0)}/s (${range(v)})`);
    }
  }

  console.log('Daily token limits: batched ingest (4 clients x 1,000-event calls) with limits set for the members vs none (events/s; rounds alternate)');
  for (const s of stacks) {
    const members = membersOf.get(s)!.slice(1);
    const on: number[] = [];
    const off: number[] = [];
    await ingestPerSecond(s, members); // warm-up
    for (let r = 0; r < rounds; r += 1) {
      on.push(await ingestPerSecond(s, members));
      for (const userId of members) await s.gql(removeLimit, { input: { level: 'USER', targetId: userId } }, s.org.admin.token);
      off.push(await ingestPerSecond(s, members));
      for (const userId of members) await s.gql(setLimit, { input: { level: 'USER', targetId: userId, dailyTokens: 10 ** 12 } }, s.org.admin.token);
    }
    const cost = median(off) / median(on);
    console.log(`  ${s.label.padEnd(14)} limits on ${median(on).toFixed(0)}/s (${range(on)}), off ${median(off).toFixed(0)}/s (${range(off)}): off / on ${cost.toFixed(2)}`);
    figures.add('ingest cost of the limit check (off / on)', s.label, `${cost.toFixed(2)} (on ${median(on).toFixed(0)}/s, off ${median(off).toFixed(0)}/s)`, '<= 1.15', cost <= 1.15);
  }
}
