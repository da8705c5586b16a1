import { GatehouseConfig } from '@gatehouse/shared';
import { GraphQLResponse, Seed, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { EmbeddedStack, StackOptions, startEmbeddedStack } from '../../src/stack';

export interface TestStack {
  stack: EmbeddedStack;
  config: GatehouseConfig;
  seed: Seed;
  /** An operation through the gateway. */
  gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/**
 * The whole system on loopback ports, against a fresh database (SQLite, or MariaDB with
 * TEST_DATABASE_URL): every registered subgraph, or those `options.subgraphs` lists.
 */
export async function startTestStack(overrides: Record<string, string> = {}, options: StackOptions = {}): Promise<TestStack> {
  const config = testConfig(overrides, options.subgraphs ?? subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined, ...options });
  return {
    stack,
    config: stack.config,
    seed: new Seed(stack.gatewayUrl),
    gql: (query, variables = {}, token) => postGraphQL(stack.gatewayUrl, query, variables, { token }),
    stop: async () => {
      await stack.stop();
      await dropTestDatabases(config);
    },
  };
}
