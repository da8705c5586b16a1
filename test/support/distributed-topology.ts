import { signingServicesOf, variablePrefix } from '@gatehouse/shared';
import { subgraphRegistry } from '../../src/registry';

/** One process of the distributed topology. */
export interface TopologyService {
  /** Its name in the process test and its service name in docker-compose.yml. */
  name: string;
  /** The `dist/main.js` argument (the compose `command`): `gateway` or a subgraph's name. */
  runs: string;
  /** A gateway's instance of each subgraph (by subgraph name); subgraphs reach one another by name. */
  reaches: Record<string, string>;
}

/**
 * Subgraphs run with more than one instance (their consumer group shares the work): access control, to
 * prove it, metering, whose token reservations must hold across instances, and inquiries, whose board
 * moves and live updates must.
 */
const replicas: Record<string, number> = { 'access-control': 2, inquiries: 2, metering: 2 };
const gatewayCount = 2;

/** The instances of a subgraph: its name alone, or `<name>-1`, `<name>-2`… when replicated. */
export function instancesOf(subgraph: string): string[] {
  const count = replicas[subgraph] ?? 1;
  return count === 1 ? [subgraph] : Array.from({ length: count }, (_, i) => `${subgraph}-${i + 1}`);
}

/**
 * The distributed topology: the process test runs exactly this, and docker-compose.yml must
 * describe the same (a test compares them): every registered subgraph (access control, inquiries and metering
 * twice, each in one consumer group), then two gateways, each on its own instance of a replicated subgraph.
 */
export const distributedTopology: readonly TopologyService[] = [
  ...subgraphRegistry.flatMap((s) => instancesOf(s.name).map((name) => ({ name, runs: s.name, reaches: {} }))),
  ...Array.from({ length: gatewayCount }, (_, g) => ({
    name: `gateway-${g + 1}`,
    runs: 'gateway',
    reaches: Object.fromEntries(subgraphRegistry.map((s) => [s.name, instancesOf(s.name)[g % instancesOf(s.name).length]])),
  })),
];

/** The services given the access-token secret: identity issues tokens, gateways verify them; nobody else. */
export const holdsJwtSecret = (runs: string) => runs === 'identity' || runs === 'gateway';

/** The private key a service holds: its own, if it signs (the gateway, subgraphs that call others). */
export function signingKeyVariables(runs: string): string[] {
  return signingServicesOf(subgraphRegistry).includes(runs) ? [`${variablePrefix(runs)}_SIGNING_KEY`] : [];
}
