import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { subgraphRegistry } from '../../src/registry';
import { ProcessPorts } from '../support/process-ports';

const dist = join(__dirname, '..', '..', 'dist');
const main = join(dist, 'main.js');
const healthcheck = join(dist, 'scripts', 'healthcheck.js');


/** The image's HEALTHCHECK (`node dist/scripts/healthcheck.js`), as Docker runs it: only the exit code counts. */
describe('the container healthcheck', () => {
  jest.setTimeout(60_000);
  const ports = new ProcessPorts(29000, 300);
  const services = ['gateway', ...subgraphRegistry.map((s) => s.name)];
  let dataDir: string;
  let stack: ChildProcess | null = null;
  const env = (): NodeJS.ProcessEnv => {
    // Not the test run's database: the stack uses SQLite files in its own folder.
    const { DATABASE_URL: _unused, ...inherited } = process.env;
    return { ...inherited, NODE_ENV: 'development', GATEHOUSE_DATA_DIR: dataDir, ...ports.environment() };
  };
  const check = (service: string) => spawnSync(process.execPath, [healthcheck, service], { env: env(), encoding: 'utf8', timeout: 10_000 }).status;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-healthcheck-'));
    stack = spawn(process.execPath, [main, 'all'], { env: env(), stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`http://127.0.0.1:${ports.base}/ready`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error('the embedded stack did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => {
    stack?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([...services, 'all'])('passes for %s while it answers on the port its configuration names', (service) => {
    expect(check(service)).toBe(0);
  });

  it('fails once nothing answers there', async () => {
    stack!.kill('SIGKILL');
    await new Promise((resolve) => stack!.once('exit', resolve));
    expect(services.map(check)).toEqual(services.map(() => 1));
  });
});
