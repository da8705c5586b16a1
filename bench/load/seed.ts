import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as decodeJwt } from 'jsonwebtoken';
import { signAccessToken } from '@gatehouse/shared';
import { Seed, dropTestDatabases, postGraphQL } from '@gatehouse/shared/testing';
import { loadGatehouseConfig } from '../../src/registry';
import { startEmbeddedStack } from '../../src/stack';

export interface SeededOrganization {
  token: string;
  accountId: string;
  organizationId: string;
  /** A member the admin may edit (the updateUser scenario's target). */
  memberId: string;
}

export interface DataFolder {
  dataDir: string;
  /** The environment every process gets for this data: the folder, and the MySQL URL when not SQLite. */
  env: Record<string, string>;
  admin: SeededOrganization;
  dispose(): Promise<void>;
}

/** The bench's databases on MySQL/MariaDB: their own prefix, dropped before and after. */
const mysqlPrefix = 'gatehouse_load_';

/** The organization on a data folder: its admin's token, members imported in bulk (no password hashing). */
async function seed(env: Record<string, string>, members: number): Promise<SeededOrganization> {
  const config = loadGatehouseConfig({ ...process.env, NODE_ENV: 'development', OUTBOX_POLL_MS: '100', ...env } as NodeJS.ProcessEnv);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  try {
    const organization = await new Seed(stack.gatewayUrl).organization('Load');
    const rows = Array.from({ length: members - 1 }, (_, i) => `member${i}@load.example.com,Member,${i},Viewer`).join('\n');
    const imported = await postGraphQL(stack.gatewayUrl, 'mutation($input: ImportUsersInput!) { importUsers(input: $input) { import { status } userErrors { code message } } }', { input: { csv: `email,name,lastName,role\n${rows}\n` } }, { token: organization.admin.token });
    if (imported.errors || imported.data?.importUsers.userErrors.length) throw new Error(JSON.stringify(imported));
    // Access control learns of the members through events: wait until a page shows each with a role.
    for (const deadline = Date.now() + 120_000; ; await new Promise((resolve) => setTimeout(resolve, 500))) {
      const page = await postGraphQL(stack.gatewayUrl, 'query { users(first: 100, orderBy: { field: JOINED, direction: DESC }) { totalCount edges { node { id roles { name } } } } }', {}, { token: organization.admin.token });
      const data = page.data?.users;
      if (data?.totalCount === members && data.edges.every((e: { node: { roles: unknown[] } }) => e.node.roles.length > 0)) {
        return { token: organization.admin.token, accountId: organization.admin.accountId, organizationId: organization.id, memberId: data.edges[0].node.id };
      }
      if (Date.now() > deadline) throw new Error(`seeding did not settle: ${JSON.stringify(page).slice(0, 500)}`);
    }
  } finally {
    await stack.stop();
  }
}

/** The seeding's access token may have expired: the same session's, signed anew with the folder's secret, good for two hours. */
function freshToken(dataDir: string, admin: SeededOrganization): SeededOrganization {
  const { jwt } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { jwt: string };
  const claims = decodeJwt(admin.token) as { sub: string; org: string; sid: string };
  return { ...admin, token: signAccessToken({ accountId: claims.sub, organizationId: claims.org, sessionFamilyId: claims.sid }, jwt, 7200).token };
}

/**
 * A seeded data folder of `members` members: SQLite in a fresh temporary folder, or
 * BENCH_LOAD_DATA_DIR seeded on first use and kept (repeated runs while profiling skip the
 * seeding); with `mysqlUrl`, the databases on that server instead, seeded each time.
 */
export async function seededData(members: number, mysqlUrl: string | null): Promise<DataFolder> {
  const kept = mysqlUrl ? undefined : process.env.BENCH_LOAD_DATA_DIR;
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'gatehouse-load-'));
  const env: Record<string, string> = { GATEHOUSE_DATA_DIR: dataDir, ...(mysqlUrl ? { DATABASE_URL: mysqlUrl, DATABASE_PREFIX: mysqlPrefix } : {}) };
  const dropDatabases = () => dropTestDatabases(loadGatehouseConfig({ ...process.env, ...env } as NodeJS.ProcessEnv));
  const marker = join(dataDir, 'seeded-admin.json');
  let admin: SeededOrganization;
  if (kept && existsSync(marker)) {
    admin = JSON.parse(readFileSync(marker, 'utf8')) as SeededOrganization;
  } else {
    if (mysqlUrl) await dropDatabases(); // (its data folder with them)
    mkdirSync(dataDir, { recursive: true });
    admin = await seed(env, members);
    if (kept) writeFileSync(marker, JSON.stringify(admin));
  }
  return {
    dataDir,
    env,
    admin: freshToken(dataDir, admin),
    dispose: async () => {
      if (mysqlUrl) await dropDatabases();
      else if (!kept) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
