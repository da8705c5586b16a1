import { accessControlPermissionChanges } from '@gatehouse/access-control-contracts';
import { createGateway, invalidateViewersOnEvents } from '@gatehouse/gateway';
import { randomUUID } from 'node:crypto';
import { ConfigError, GatehouseConfig, createEventBus, createSubgraphApp } from '@gatehouse/shared';
import { loadGatehouseConfig, subgraphRegistry } from './registry';
import { startEmbeddedStack } from './stack';

const usage = `usage: node dist/main.js [all | gateway | ${subgraphRegistry.map((s) => s.name).join(' | ')}]`;

function publicUrl(config: GatehouseConfig, port: number): string {
  const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
  return `http://${host}:${port}/graphql`;
}

/** Starts one service, or all of them in embedded mode (the default). */
async function main(): Promise<void> {
  const service = process.argv[2] ?? 'all';
  const config = loadGatehouseConfig();
  const subgraph = subgraphRegistry.find((s) => s.name === service);
  const log = (message: string, detail?: unknown) => console.error(`[${service}] ${message}`, detail ?? '');
  const stops: (() => Promise<void>)[] = [];

  if (service === 'all') {
    const started = Date.now();
    const stack = await startEmbeddedStack(config, { log });
    stops.push(() => stack.stop(config.shutdownGraceMs));
    const url = publicUrl(config, stack.servers.gateway.port);
    console.log(`Gatehouse is ready in ${Date.now() - started} ms (embedded mode, data in ${config.dataDir}).`);
    console.log(`Playground: ${url}`);
    console.log('Create the first user (they become Super Admin of a new organization):');
    console.log(`  curl -s ${url} -H 'content-type: application/json' \\`);
    console.log(`    -d '{"query":"mutation { signUp(input: {email: \\"admin@example.com\\", password: \\"change-me-please\\", name: \\"Admin\\"}) { session { accessToken } userErrors { code message } } }"}'`);
  } else if (subgraph) {
    // Each service alone: its outbox goes to Redis Streams when REDIS_URL is set; otherwise events wait in it.
    const bus = createEventBus(config, log);
    const app = await createSubgraphApp(subgraph, { config, bus, relayEvents: config.events.redisUrl !== null, log });
    const server = await app.listen(config.ports[service], config.host);
    stops.push(async () => {
      await app.stop(config.shutdownGraceMs);
      await bus.close();
    });
    console.log(`${service} listening on ${server.url}`);
  } else if (service === 'gateway') {
    const gateway = await createGateway({ config, log });
    const server = await gateway.listen(config.gatewayPort, config.host);
    stops.push(() => server.stop(config.shutdownGraceMs));
    if (config.events.redisUrl) {
      // Every gateway instance evicts its own cache: a group of its own, for new events only.
      const bus = createEventBus(config, log);
      invalidateViewersOnEvents(bus, gateway.viewers, accessControlPermissionChanges, `gateway:${randomUUID()}`);
      stops.push(() => bus.close());
    }
    console.log(`gateway listening on ${server.url}`);
  } else {
    console.error(usage);
    process.exit(2);
  }

  const shutdown = async (signal: string) => {
    console.log(`${signal}: draining (requests in flight get up to ${config.shutdownGraceMs} ms), then shutting down`);
    // Should closing itself hang (a database that does not answer), leave anyway, and say so by the exit code.
    setTimeout(() => {
      log('shutdown did not finish in time');
      process.exit(1);
    }, config.shutdownGraceMs + 5_000).unref();
    for (const stop of stops) await stop().catch((error) => log('shutdown failed', error));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
