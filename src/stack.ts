import { accessControlPermissionChanges } from '@gatehouse/access-control-contracts';
import { createAccessControlApp, AccessControlApp } from '@gatehouse/access-control';
import { createGateway, GatewayApp, invalidateViewersOnEvents } from '@gatehouse/gateway';
import { createIdentityApp, IdentityApp } from '@gatehouse/identity';
import { EventBus, GatehouseConfig, InProcessEventBus, RunningServer } from '@gatehouse/shared';

export interface EmbeddedStack {
  config: GatehouseConfig;
  bus: EventBus;
  identity: IdentityApp;
  accessControl: AccessControlApp;
  gateway: GatewayApp;
  servers: { identity: RunningServer; accessControl: RunningServer; gateway: RunningServer };
  gatewayUrl: string;
  /** Drains the gateway, then the subgraphs (which the gateway's requests in flight still need), within one grace. */
  stop(graceMs?: number): Promise<void>;
}

export interface StackOptions {
  /** Listen on ephemeral ports (tests) instead of the configured ones. */
  ephemeralPorts?: boolean;
  withoutShield?: boolean;
  log?: (message: string, detail?: unknown) => void;
}

/**
 * Embedded mode: both subgraphs and the gateway in one process on loopback ports, sharing an
 * in-process event bus, so events flow between subgraphs as soon as they commit.
 */
export async function startEmbeddedStack(baseConfig: GatehouseConfig, options: StackOptions = {}): Promise<EmbeddedStack> {
  const bus = new InProcessEventBus();
  const common = { bus, relayEvents: true, withoutShield: options.withoutShield, log: options.log };
  let accessControlUrl = baseConfig.subgraphUrls['access-control'];
  const identity = await createIdentityApp({ config: baseConfig, ...common, accessControlUrl: () => accessControlUrl });
  const accessControl = await createAccessControlApp({ config: baseConfig, ...common });
  const port = (configured: number) => (options.ephemeralPorts ? 0 : configured);
  const identityServer = await identity.listen(port(baseConfig.ports.identity), baseConfig.host);
  const accessControlServer = await accessControl.listen(port(baseConfig.ports['access-control']), baseConfig.host);
  accessControlUrl = accessControlServer.url;
  const config: GatehouseConfig = Object.freeze({
    ...baseConfig,
    subgraphUrls: { identity: identityServer.url, 'access-control': accessControlServer.url },
  });
  const gateway = await createGateway({ config, log: options.log });
  invalidateViewersOnEvents(bus, gateway.viewers, accessControlPermissionChanges);
  const gatewayServer = await gateway.listen(port(baseConfig.gatewayPort), baseConfig.host);
  const stack: EmbeddedStack = {
    config,
    bus,
    identity,
    accessControl,
    gateway,
    servers: { identity: identityServer, accessControl: accessControlServer, gateway: gatewayServer },
    gatewayUrl: gatewayServer.url,
    // Reads the fields at stop time: a test may have restarted a subgraph in their place.
    stop: async (graceMs = config.shutdownGraceMs) => {
      const deadline = Date.now() + graceMs;
      // Every service says it is leaving at once; the subgraphs keep serving the gateway's requests in flight.
      stack.servers.identity.unready();
      stack.servers.accessControl.unready();
      await stack.servers.gateway.stop(graceMs);
      const left = Math.max(0, deadline - Date.now());
      await Promise.allSettled([stack.identity.stop(left), stack.accessControl.stop(left)]);
      await bus.close();
    },
  };
  return stack;
}
