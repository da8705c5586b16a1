import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseConfig, generateServiceKeyPair, keyVariablePrefix, mysqlDatabaseName, signingServicesOf, variablePrefix } from '@gatehouse/shared';
import { loadGatehouseConfig, subgraphRegistry } from '../../src/registry';
import { ComposeService, composeVariables, dockerfileStages, initDatabaseSql, loadCompose, repositoryRoot, servicesNamed, waitsForHealth } from '../support/compose-file';
import { distributedTopology, holdsJwtSecret, signingKeyVariables } from '../support/distributed-topology';

/** What an operator puts in .env: every secret compose insists on, and nothing else. */
function operatorEnvironment(): Record<string, string> {
  const keys = Object.fromEntries(
    signingServicesOf(subgraphRegistry).flatMap((service) => {
      const { signingKey, verifyKey } = generateServiceKeyPair();
      return [
        [`${keyVariablePrefix(service)}_SIGNING_KEY`, signingKey],
        [`${keyVariablePrefix(service)}_VERIFY_KEYS`, verifyKey],
      ];
    }),
  );
  return {
    ...keys,
    JWT_SECRET: 'a-jwt-secret-of-at-least-32-characters',
    MARIADB_ROOT_PASSWORD: 'root-password-only-the-operator-uses',
    ...Object.fromEntries(subgraphRegistry.map((s) => [`${variablePrefix(s.name)}_DB_PASSWORD`, `${s.name}-database-password`])),
  };
}

const databaseUrlVariable = (subgraph: string) => `${variablePrefix(subgraph)}_DATABASE_URL`;

/** docker-compose.yml cannot run here: it is kept to the topology the process test runs, and read as compose would. */
describe('docker-compose.yml', () => {
  const compose = loadCompose(operatorEnvironment());
  const gatehouseServices = Object.entries(compose.services).filter(([, s]) => s.build === '.'); // built from this repository
  const subgraphServices = distributedTopology.filter((s) => s.runs !== 'gateway');
  const gateways = distributedTopology.filter((s) => s.runs === 'gateway');
  /** Each service's configuration as the service itself reads it (loadConfig throws on a bad value). */
  const configOf = (name: string): GatehouseConfig => loadGatehouseConfig(compose.services[name].environment as NodeJS.ProcessEnv);
  const hostOf = (url: string | null) => (url ? new URL(url).hostname : null);

  it('runs the same Gatehouse processes as the distributed process test', () => {
    expect(Object.fromEntries(gatehouseServices.map(([name, s]) => [name, s.command]))).toEqual(Object.fromEntries(distributedTopology.map((s) => [s.name, [s.runs]])));
  });

  it('points each gateway at its own instance of every subgraph, each subgraph at the others by name, and every service at Redis', () => {
    for (const gateway of gateways) {
      expect({ gateway: gateway.name, urls: configOf(gateway.name).subgraphUrls }).toEqual({ gateway: gateway.name, urls: Object.fromEntries(subgraphRegistry.map((s) => [s.name, `http://${gateway.reaches[s.name]}:${s.defaultPort}/graphql`])) });
    }
    for (const topology of subgraphServices) {
      const others = subgraphRegistry.filter((s) => s.name !== topology.runs);
      expect({ service: topology.name, urls: others.map((s) => configOf(topology.name).subgraphUrls[s.name]) }).toEqual({ service: topology.name, urls: others.map((s) => `http://${s.name}:${s.defaultPort}/graphql`) });
    }
    for (const [, service] of gatehouseServices) expect(service.environment?.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
  });

  it('gives each service only the secrets it uses: the access-token secret to identity and the gateways alone', () => {
    const holders = gatehouseServices.filter(([, s]) => s.environment?.JWT_SECRET).map(([name]) => name).sort();
    const users = distributedTopology.filter((s) => holdsJwtSecret(s.runs)).map((s) => s.name).sort();
    expect(holders).toEqual(users);
    for (const [name, s] of gatehouseServices) {
      const privateKeys = Object.keys(s.environment ?? {}).filter((key) => key.endsWith('_SIGNING_KEY'));
      const runs = s.command?.[0];
      expect({ name, privateKeys }).toEqual({ name, privateKeys: signingKeyVariables(runs!) });
    }
  });

  it('gives every service a valid configuration, as the service itself reads it', () => {
    for (const { name } of distributedTopology) expect(() => configOf(name)).not.toThrow();
  });

  it('gives every service, Gatehouse or not, a healthcheck', () => {
    const unchecked = Object.entries(compose.services).filter(([, s]) => !s.healthcheck?.test || s.healthcheck.disable || s.healthcheck.test[0] === 'NONE');
    expect(unchecked.map(([name]) => name)).toEqual([]);
  });

  it('starts each service only once what it connects to is healthy: database, Redis, mail, and for a gateway every subgraph instance', () => {
    for (const topology of distributedTopology) {
      const config = configOf(topology.name);
      const dataServices = [
        ...(topology.runs === 'gateway' ? [] : [hostOf(config.databaseUrls[topology.runs])]),
        hostOf(config.events.redisUrl),
        ...(topology.runs === 'identity' ? [hostOf(config.mail.smtpUrl)] : []),
      ].flatMap((host) => (host ? servicesNamed(compose, host) : []));
      const needs = [...dataServices, ...(topology.runs === 'gateway' ? subgraphServices.map((s) => s.name) : [])];
      const service = compose.services[topology.name];
      expect({ service: topology.name, waitsFor: needs.filter((need) => waitsForHealth(service, need)) }).toEqual({ service: topology.name, waitsFor: needs });
      expect({ service: topology.name, notWaitingForHealth: Object.keys(service.depends_on ?? {}).filter((d) => !waitsForHealth(service, d)) }).toEqual({ service: topology.name, notWaitingForHealth: [] });
    }
  });

  it('gives each subgraph its own database as its own user, never root, and the gateways no database at all', () => {
    for (const [name, service] of gatehouseServices) {
      const databaseUrls = Object.entries(service.environment ?? {}).filter(([, value]) => /^(mysql|mariadb):/.test(value));
      for (const [variable, url] of databaseUrls) expect({ name, variable, user: new URL(url).username }).not.toEqual({ name, variable, user: 'root' });
      expect({ name, sharedDatabaseUrl: service.environment?.DATABASE_URL }).toEqual({ name, sharedDatabaseUrl: undefined });
    }
    for (const gateway of gateways) expect(Object.values(configOf(gateway.name).databaseUrls)).toEqual(subgraphRegistry.map(() => null));
    const userOf = new Map<string, string>();
    for (const topology of subgraphServices) {
      const url = compose.services[topology.name].environment?.[databaseUrlVariable(topology.runs)];
      expect({ service: topology.name, url: url ?? null }).toEqual({ service: topology.name, url: expect.stringMatching(/^mysql:\/\//) });
      const user = new URL(url!).username;
      expect(userOf.get(topology.runs) ?? user).toBe(user); // instances of one subgraph share its user
      userOf.set(topology.runs, user);
    }
    expect(new Set(userOf.values()).size).toBe(userOf.size); // and no two subgraphs share one
  });

  it("creates each subgraph's user on first start with rights on that subgraph's database only", () => {
    const databaseHosts = new Set(subgraphServices.map((s) => new URL(compose.services[s.name].environment![databaseUrlVariable(s.runs)]).hostname));
    expect(databaseHosts.size).toBe(1);
    const [databaseService] = [...databaseHosts];
    const sql = initDatabaseSql(compose, databaseService);
    const grants = [...sql.matchAll(/GRANT\s+(.+?)\s+ON\s+(\S+)\s+TO\s+'([^']+)'/gi)].map(([, rights, on, user]) => ({ rights, on, user }));
    const created = Object.fromEntries([...sql.matchAll(/CREATE USER (?:IF NOT EXISTS )?'([^']+)'@'[^']*' IDENTIFIED BY '([^']*)'/gi)].map(([, user, password]) => [user, password]));
    const expected = new Map<string, { user: string; password: string; database: string }>();
    for (const topology of subgraphServices) {
      const url = new URL(compose.services[topology.name].environment![databaseUrlVariable(topology.runs)]);
      expected.set(topology.runs, { user: url.username, password: url.password, database: mysqlDatabaseName(url, topology.runs, '') });
    }
    for (const [subgraph, { user, password, database }] of expected) {
      expect({ subgraph, password: created[user] }).toEqual({ subgraph, password }); // the password the service connects with
      expect({ subgraph, grantedOn: grants.filter((g) => g.user === user).map((g) => g.on) }).toEqual({ subgraph, grantedOn: [`\`${database}\`.*`] });
    }
    expect(grants.filter((g) => /ALL|GRANT OPTION|SUPER/i.test(g.rights) || g.on.startsWith('*'))).toEqual([]);
    expect(Object.keys(created).sort()).toEqual([...expected.values()].map((e) => e.user).sort());
  });

  it('sends identity\'s mail to the mail catcher, with links pointing at APP_URL', () => {
    const identity = configOf('identity');
    const mailHost = hostOf(identity.mail.smtpUrl);
    expect(mailHost && servicesNamed(compose, mailHost)).toEqual(['mailpit']);
    expect(compose.services.identity.environment?.APP_URL).toMatch(/^https?:\/\//);
  });

  it('has each gateway trust the load balancer in front of it for the client address', () => {
    for (const gateway of gateways) {
      expect({ gateway: gateway.name, trustProxy: configOf(gateway.name).trustProxy }).toEqual({ gateway: gateway.name, trustProxy: expect.anything() });
      expect(configOf(gateway.name).trustProxy).not.toBe(false);
    }
  });

  it('reads no variable that .env.example does not list', () => {
    const listed = new Set([...readFileSync(join(repositoryRoot, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(composeVariables().filter((name) => !listed.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfileStages();
  const runtime = stages.at(-1)!;
  const args = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('installs exactly the locked dependencies in its build stage', () => {
    const runs = stages.slice(0, -1).flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
    expect(runs.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(runs.filter((r) => /\bnpm (install|i)\b/.test(r))).toEqual([]);
  });

  it('builds a runtime image from compiled code, production packages, package.json files and the committed supergraph only', () => {
    expect(stages.length).toBeGreaterThan(1);
    const sources = args('COPY').flatMap((a) => a.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1));
    // /packages/: what the build stage gathered of every workspace package, its package.json and dist/ and nothing else.
    const gathering = stages.find((s) => s.name === 'build')!.instructions.filter((i) => i.keyword === 'RUN' && /\/packages\b/.test(i.args)).map((i) => i.args);
    expect(gathering).toEqual([expect.stringMatching(/cp -r "\$package\/package\.json" "\$package\/dist" "\/packages\/\$package\/"/)]);
    const shipped = /(^|\/)(dist|node_modules|package\.json|package-lock\.json|schema\/supergraph\.graphql)$|^\/packages\/$/;
    expect(sources.filter((s) => !shipped.test(s))).toEqual([]);
    expect(sources.filter((s) => /(^|\/)(src|test)(\/|$)/.test(s))).toEqual([]);
  });

  it('runs as an unprivileged user, under an init process, with a healthcheck the build produces', () => {
    expect(args('USER').at(-1)).toBe('node');
    const entrypoint = JSON.parse(args('ENTRYPOINT').at(-1) ?? 'null') as string[] | null;
    expect(['tini', 'dumb-init', '/usr/bin/tini', '/usr/bin/dumb-init']).toContain(entrypoint?.[0]);
    const healthcheck = args('HEALTHCHECK').at(-1) ?? '';
    const script = /CMD\s+\["node",\s*"dist\/(scripts\/[\w-]+)\.js"\]/.exec(healthcheck)?.[1];
    expect(script && existsSync(join(repositoryRoot, 'src', `${script}.ts`))).toBe(true);
  });

  it('keeps secrets, local data, installed packages, builds, git and tests out of the build context', () => {
    const ignored = readFileSync(join(repositoryRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'dist', 'data', '.git', 'test']));
  });
});
