/** One process of the distributed topology. */
export interface TopologyService {
  /** Its name in the process test and its service name in docker-compose.yml. */
  name: string;
  /** The `dist/main.js` argument (the compose `command`). */
  runs: 'identity' | 'access-control' | 'gateway';
  /** The access-control instance a gateway talks to. */
  accessControl?: string;
}

/**
 * The distributed topology: the process test runs exactly this, and docker-compose.yml must
 * describe the same (a test compares them): one identity, two access-control instances in one
 * consumer group, two gateways each on its own access-control instance.
 */
export const distributedTopology: readonly TopologyService[] = [
  { name: 'identity', runs: 'identity' },
  { name: 'access-control-1', runs: 'access-control' },
  { name: 'access-control-2', runs: 'access-control' },
  { name: 'gateway-1', runs: 'gateway', accessControl: 'access-control-1' },
  { name: 'gateway-2', runs: 'gateway', accessControl: 'access-control-2' },
];
