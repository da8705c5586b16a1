import { accessControlPermissionChanges } from '@gatehouse/access-control-contracts';
import { createGateway, GatewayApp, invalidateViewersOnEvents } from '@gatehouse/gateway';
import { Clock, EventBus, GatehouseConfig, InProcessEventBus, RunningServer, SubgraphApp, SubgraphDescriptor, createSubgraphApp } from '@gatehouse/shared';
import { subgraphRegistry } from './registry';

export interface EmbeddedStack {
  config: GatehouseConfig;
  bus: EventBus;
  /** Each subgraph's app, by name; a test may replace one (restart it) in place. */
  apps: Record<string, SubgraphApp>;
  gateway: GatewayApp;
  /** Each subgraph's server by name, and the gateway's. */
  servers: Record<string, RunningServer> & { gateway: RunningServer };
  gatewayUrl: string;
  /** Builds (again) one subgraph of this stack on the stack's bus: a test restarting it. */
  createApp(name: string): Promise<SubgraphApp>;
  /** Drains the gateway, then the subgraphs (which the gateway's requests in flight still need), within one grace. */
  stop(graceMs?: number): Promise<void>;
}

export interface StackOptions {
  /** Listen on ephemeral ports (tests) instead of the configured ones. */
  ephemeralPorts?: boolean;
  /** The subgraphs to run: the registry's by default (a test may add one; the config must be loaded for the same list). */
  subgraphs?: readonly SubgraphDescriptor[];
  /** The supergraph the gateway serves: the committed one by default (a test adding a subgraph composes its own). */
  supergraphSdl?: string;
  withoutShield?: boolean;
  /** Every subgraph's clock (a test's, to reach an expiry without waiting). */
  clock?: Clock;
  log?: (message: string, detail?: unknown) => void;
}

/**
 * Embedded mode: every registered subgraph and the gateway in one process on loopback ports,
 * sharing an in-process event bus, so events flow between subgraphs as soon as they commit.
 */
export async function startEmbeddedStack(baseConfig: GatehouseConfig, options: StackOptions = {}): Promise<EmbeddedStack> {
  const subgraphs = options.subgraphs ?? subgraphRegistry;
  const bus = new InProcessEventBus();
  const urls: Record<string, string> = { ...baseConfig.subgraphUrls };
  const createApp = (name: string) => {
    const descriptor = subgraphs.find((s) => s.name === name);
    if (!descriptor) throw new Error(`no subgraph ${name} in this stack`);
    return createSubgraphApp(descriptor, { config: baseConfig, bus, relayEvents: true, withoutShield: options.withoutShield, clock: options.clock, log: options.log, urlOf: (subgraph) => urls[subgraph] });
  };
  const port = (configured: number) => (options.ephemeralPorts ? 0 : configured);
  const apps: Record<string, SubgraphApp> = {};
  const servers: Record<string, RunningServer> = {};
  for (const { name } of subgraphs) apps[name] = await createApp(name);
  for (const { name } of subgraphs) {
    servers[name] = await apps[name].listen(port(baseConfig.ports[name]), baseConfig.host);
    urls[name] = servers[name].url;
  }
  const config: GatehouseConfig = Object.freeze({ ...baseConfig, subgraphUrls: { ...urls } });
  const gateway = await createGateway({ config, supergraphSdl: options.supergraphSdl, log: options.log });
  invalidateViewersOnEvents(bus, gateway.viewers, accessControlPermissionChanges);
  const gatewayServer = await gateway.listen(port(baseConfig.gatewayPort), baseConfig.host);
  const stack: EmbeddedStack = {
    config,
    bus,
    apps,
    gateway,
    servers: Object.assign(servers, { gateway: gatewayServer }),
    gatewayUrl: gatewayServer.url,
    createApp,
    // Reads the fields at stop time: a test may have restarted a subgraph in their place.
    stop: async (graceMs = config.shutdownGraceMs) => {
      const deadline = Date.now() + graceMs;
      const names = subgraphs.map((s) => s.name);
      // Every service says it is leaving at once; the subgraphs keep serving the gateway's requests in flight.
      for (const name of names) stack.servers[name].unready();
      await stack.servers.gateway.stop(graceMs);
      const left = Math.max(0, deadline - Date.now());
      await Promise.allSettled(names.map((name) => stack.apps[name].stop(left)));
      await bus.close();
    },
  };
  return stack;
}
