import { readFileSync } from 'node:fs';
// The configuration and the registry's light descriptors alone: the whole kit would cost this check,
// run every few seconds, 0.7 s and 150 MB.
import { loadGatehouseConfig, subgraphRegistry } from '../registry';

/**
 * The image's HEALTHCHECK (and docker-compose.yml's): exits 0 when the service this container runs
 * answers on its port, 1 otherwise. One image runs every service, so the service is read from the
 * argument, else from the container's command line (PID 1 is tini, then `node dist/main.js <service>`);
 * the port comes from the same variables the service reads.
 * A subgraph is asked /ready (its database and event bus are up, it is not draining). A gateway is
 * asked /health: it serves what it can while a subgraph is away (that subgraph has its own check),
 * and its /ready, which waits for every subgraph, is for the load balancer.
 */
function containerService(): string {
  try {
    const args = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
    const main = args.findIndex((arg) => arg.endsWith('main.js'));
    return (main >= 0 && args[main + 1]) || 'all';
  } catch {
    return 'all';
  }
}

const service = process.argv[2] ?? containerService();
const config = loadGatehouseConfig();
const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
const subgraph = subgraphRegistry.find((s) => s.name === service)?.name;
const port = subgraph ? config.ports[subgraph] : config.gatewayPort;
const path = subgraph || service === 'all' ? '/ready' : '/health';

fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(2_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
