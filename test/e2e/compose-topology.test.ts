import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distributedTopology } from '../support/distributed-topology';

// js-yaml 3 ships no types; only its safe loader is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { safeLoad } = require('js-yaml') as { safeLoad: (text: string) => unknown };

interface ComposeService {
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}

/** docker-compose.yml cannot run here: it is kept to the topology the process test runs. */
describe('docker-compose.yml', () => {
  const compose = safeLoad(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
  const gatehouseServices = Object.entries(compose.services).filter(([, s]) => s.build === '.'); // built from this repository

  it('runs the same Gatehouse processes as the distributed process test', () => {
    expect(Object.fromEntries(gatehouseServices.map(([name, s]) => [name, s.command]))).toEqual(Object.fromEntries(distributedTopology.map((s) => [s.name, [s.runs]])));
  });

  it('points each gateway at its own access-control instance, and every service at Redis and MySQL', () => {
    for (const gateway of distributedTopology.filter((s) => s.runs === 'gateway')) {
      expect(compose.services[gateway.name].environment?.ACCESS_CONTROL_URL).toBe(`http://${gateway.accessControl}:4002/graphql`);
    }
    for (const [, service] of gatehouseServices) {
      expect(service.environment?.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
      expect(service.environment?.DATABASE_URL).toMatch(/@mysql:3306/);
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['mysql', 'redis']));
  });

  it('gives each service only the secrets it uses: the access-token secret to identity and the gateways alone', () => {
    const holders = gatehouseServices.filter(([, s]) => s.environment?.JWT_SECRET).map(([name]) => name).sort();
    const users = distributedTopology.filter((s) => s.runs === 'identity' || s.runs === 'gateway').map((s) => s.name).sort();
    expect(holders).toEqual(users);
    for (const [name, s] of gatehouseServices) {
      const privateKeys = Object.keys(s.environment ?? {}).filter((key) => key.endsWith('_SIGNING_KEY'));
      const runs = s.command?.[0];
      expect({ name, privateKeys }).toEqual({ name, privateKeys: runs === 'gateway' ? ['GATEWAY_SIGNING_KEY'] : runs === 'identity' ? ['IDENTITY_SIGNING_KEY'] : [] });
    }
  });
});
