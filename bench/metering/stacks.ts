import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Seed, SeededOrganization, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { EmbeddedStack, startEmbeddedStack } from '../../src/stack';
import { subgraphRegistry } from '../../src/registry';

/** The two setups every metering figure is measured on, side by side. */
export const backends = [
  { label: 'SQLite', overrides: {} as Record<string, string> },
  { label: 'MariaDB+Redis', overrides: { DATABASE_URL: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306', REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' } },
];

/** Who and what usage is about: a fixed, small population (the shape real organizations have). */
export interface Population {
  spaces: string[];
  users: string[];
  /** Each agent lives in one space, is run by two of its users, and uses three compute types (LLM ones with its model). */
  agents: { id: string; name: string; space: string; users: string[]; computeTypes: string[]; provider: string; model: string }[];
}

export interface Combination {
  computeType: string;
  spaceId: string;
  userId: string;
  agentId: string;
  agentName: string;
  provider: string | null;
  model: string | null;
}

const models = [['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4'], ['google', 'gemini-2.5-pro'], ['openai', 'gpt-4o-mini']];
const typeSets = [['LLM', 'TOOLS', 'CODE'], ['LLM', 'TASKS', 'WEAVER'], ['LLM', 'IMAGE_GENERATION', 'TOOLS']];

export function population(spaces: string[], users: string[]): Population {
  const agents = Array.from({ length: 6 }, (_, a) => ({
    id: `agent-${a}`,
    name: `Agent ${a}`,
    space: spaces[a % spaces.length],
    users: [users[(2 * a) % users.length], users[(2 * a + 1) % users.length]],
    computeTypes: typeSets[a % typeSets.length],
    provider: models[a % models.length][0],
    model: models[a % models.length][1],
  }));
  return { spaces, users, agents };
}

/** Every (agent, user, compute type) an event can be about: 6 agents x 2 users x 3 types = 36. */
export function combinations(p: Population): Combination[] {
  return p.agents.flatMap((agent) =>
    agent.users.flatMap((userId) =>
      agent.computeTypes.map((computeType) => {
        const llm = computeType === 'LLM' || computeType === 'IMAGE_GENERATION';
        return { computeType, spaceId: agent.space, userId, agentId: agent.id, agentName: agent.name, provider: llm ? agent.provider : null, model: llm ? agent.model : null };
      }),
    ),
  );
}

export function describePopulation(p: Population): string {
  const c = combinations(p);
  const count = (f: (x: Combination) => string | null) => new Set(c.map(f).filter(Boolean)).size;
  return `${p.spaces.length} spaces, ${p.users.length} users, ${p.agents.length} agents (each in one space, run by 2 users, 3 compute types), ${count((x) => x.model)} models, ${count((x) => x.computeType)} compute types: ${c.length} combinations`;
}

export interface MeteringStack {
  label: string;
  stack: EmbeddedStack;
  seed: Seed;
  dataSource: DataSource;
  mysql: boolean;
  /** The primary organization: real members and spaces, an API key with Analytics WRITE. */
  org: SeededOrganization;
  apiKey: string;
  population: Population;
  /** A new organization (its own admin) with spaces made through the gateway and made-up user ids (they only name rows). */
  organization(name: string): Promise<{ org: SeededOrganization; population: Population }>;
  gql(query: string, variables: Record<string, unknown>, token: string): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

export async function startMeteringStack(backend: (typeof backends)[number]): Promise<MeteringStack> {
  const config = testConfig({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000', ...backend.overrides }, subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  const seed = new Seed(stack.gatewayUrl);
  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    // A kept-alive socket the gateway closed while the bench was seeding fails once: send again on a new one.
    const response = await postGraphQL(stack.gatewayUrl, query, variables, { token }).catch(() => postGraphQL(stack.gatewayUrl, query, variables, { token }));
    if (response.errors) throw new Error(JSON.stringify(response.errors).slice(0, 500));
    return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const spacesOf = async (org: SeededOrganization) => {
    const spaces: string[] = [];
    for (const name of ['Research', 'Support', 'Marketing']) spaces.push((await gql(`mutation { createSpace(input: { name: "${name}" }) { space { id } } }`, {}, org.admin.token)).createSpace.space.id);
    return spaces;
  };
  const org = await seed.organization(`Bench ${backend.label}`);
  const members = [org.admin.accountId];
  for (let i = 1; i < 6; i += 1) members.push((await org.member(null, `User ${i}`)).accountId);
  const apiKey = (await gql('mutation { createApiKey(input: { name: "Agent runtime", grants: [{ area: ANALYTICS, level: WRITE }] }) { secret } }', {}, org.admin.token)).createApiKey.secret;
  const dataSource = stack.apps.metering.dataSource;
  return {
    label: backend.label,
    stack,
    seed,
    dataSource,
    mysql: dataSource.options.type !== 'better-sqlite3',
    org,
    apiKey,
    population: population(await spacesOf(org), members),
    organization: async (name) => {
      const other = await seed.organization(name);
      return { org: other, population: population(await spacesOf(other), Array.from({ length: 6 }, () => randomUUID())) };
    },
    gql,
    stop: async () => {
      await stack.stop();
      await dropTestDatabases(config);
    },
  };
}
