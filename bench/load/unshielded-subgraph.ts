import { createEventBus, createSubgraphApp } from '@gatehouse/shared';
import { loadGatehouseConfig, subgraphRegistry } from '../../src/registry';

/**
 * One subgraph with graphql-shield off, as its own process: the peer that bench/load measures
 * shield's cost under load against (same code, same data, same signed gateway requests). Never a
 * way to run Gatehouse: only the benchmark starts it. Args: the subgraph's name; its port from the
 * usual <NAME>_PORT.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  const descriptor = subgraphRegistry.find((s) => s.name === name);
  if (!descriptor) throw new Error(`unknown subgraph ${name}`);
  const config = loadGatehouseConfig();
  const bus = createEventBus(config, () => undefined);
  const app = await createSubgraphApp(descriptor, { config, bus, relayEvents: false, withoutShield: true, log: () => undefined });
  const server = await app.listen(config.ports[name], config.host);
  console.log(`unshielded ${name} listening on ${server.url}`);
  process.once('SIGTERM', () => void app.stop(1000).then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
