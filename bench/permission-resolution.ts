import { performance } from 'node:perf_hooks';
import { callRoute, requestSigner } from '@gatehouse/shared';
import { viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { Seed, SeededMember, dropTestDatabases, postGraphQL, testConfig } from '@gatehouse/shared/testing';
import { startEmbeddedStack } from '../src/stack';
import { median } from './statistics';
import { subgraphRegistry } from '../src/registry';

const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const areas = ['DASHBOARD', 'PROMPTS', 'TOOLS', 'KNOWLEDGE_BASE', 'DATABASE', 'GLOSSARY', 'FLOWS', 'EVALUATIONS', 'ANALYTICS', 'AGENTS'];

/**
 * Effective-permission resolution for a member with 20 roles, 30 groups and 5 unit links, side by
 * side with a member holding one role; and `authorize` answering 1,000 checks in one request.
 */
export async function benchPermissionResolution(): Promise<void> {
  const config = testConfig({ OUTBOX_POLL_MS: '600000', VIEWER_CACHE_TTL_MS: '60000' }, subgraphRegistry);
  const stack = await startEmbeddedStack(config, { ephemeralPorts: true, log: () => undefined });
  try {
    const seed = new Seed(stack.gatewayUrl);
    const org = await seed.organization('Bench');
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await postGraphQL(stack.gatewayUrl, query, variables, { token: org.admin.token });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const heavy = await org.member(null, 'Heavy');
    const light = await org.member(null, 'Light');
    const others: SeededMember[] = [];
    for (let i = 0; i < 48; i += 8) others.push(...(await Promise.all(Array.from({ length: 8 }, (_, j) => org.member(null, `Other ${i + j}`)))));
    for (let i = 0; i < 20; i += 1) {
      const role = (await gql(`mutation { createRole(input: { name: "Role ${i}", grants: [{ area: ${areas[i % areas.length]}, level: ${i % 2 ? 'READ' : 'WRITE'} }] }) { role { id } } }`)).createRole.role.id;
      await gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: heavy.accountId, roleId: role } });
    }
    const units = Array.from({ length: 5 }, (_, i) => ({ externalId: `u${i}`, name: `Unit ${i}`, parentExternalId: i ? `u${i - 1}` : null }));
    await gql('mutation($input: SyncDirectoryInput!) { syncDirectory(input: $input) { applied } }', { input: { source: 'ENTRA_ID', units, users: [{ externalId: 'heavy', email: heavy.email, unitExternalIds: ['u4'] }] } });
    const unitIds = ((await gql('{ organizationalUnits { id } }')).organizationalUnits as { id: string }[]).map((u) => u.id);
    for (let i = 0; i < 30; i += 1) {
      const group = (await gql(`mutation { createGroup(input: { name: "Group ${i}", grants: [{ area: ${areas[(i + 3) % areas.length]}, level: ACCESS }], capabilities: [CHAT_FILE_UPLOAD] }) { group { id } } }`)).createGroup.group.id;
      if (i < 5) await gql('mutation($input: GroupUnitInput!) { linkGroupUnit(input: $input) { userErrors { code } } }', { input: { groupId: group, unitId: unitIds[i] } });
      else await gql('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: group, userIds: [heavy.accountId, ...others.map((o) => o.accountId)] } });
    }

    const internal = { signer: requestSigner(config, 'gateway', 'the benchmark'), timeoutMs: 5000 };
    const resolve = async (accountId: string) => {
      const started = performance.now();
      await callRoute(viewerPermissionsRoute, stack.servers['access-control'].url, { organizationId: org.id, accountId }, internal);
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i += 1) await Promise.all([resolve(heavy.accountId), resolve(light.accountId)]);
    const heavyTimes: number[] = [];
    const lightTimes: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      heavyTimes.push(await resolve(heavy.accountId));
      lightTimes.push(await resolve(light.accountId));
    }
    const statements = async (accountId: string) => {
      const before = stack.apps['access-control'].queries.count;
      await resolve(accountId);
      return stack.apps['access-control'].queries.count - before;
    };
    console.log(`Effective permissions (access control's viewer-permissions, over HTTP), ${rounds} rounds interleaved`);
    console.log(`  20 roles + 30 groups (5 through unit links, 5 levels deep): median ${median(heavyTimes).toFixed(2)} ms, ${await statements(heavy.accountId)} SQL statements`);
    console.log(`  1 role, no group                                          : median ${median(lightTimes).toFixed(2)} ms, ${await statements(light.accountId)} SQL statements`);
    console.log(`  ratio heavy/light: ${(median(heavyTimes) / median(lightTimes)).toFixed(2)}x`);

    await gql('mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { userErrors { code } } }', {
      input: { resource: { type: 'AGENT', id: 'private-agent' }, visibility: 'PRIVATE', entries: [{ principalType: 'UNIT', principalId: unitIds[0], level: 'READ' }] },
    });
    const users = [heavy, light, ...others];
    const checks = Array.from({ length: 1000 }, (_, i) => ({
      userId: users[i % users.length].accountId,
      level: i % 3 ? 'READ' : 'WRITE',
      ...(i % 2 ? { resource: { type: 'AGENT', id: i % 4 === 1 ? 'private-agent' : `agent-${i}` } } : { area: areas[i % areas.length] }),
    }));
    const single = checks.slice(0, 1);
    const time = async (batch: unknown[]) => {
      const started = performance.now();
      const response = await postGraphQL(stack.gatewayUrl, 'query($checks: [AccessCheckInput!]!) { authorize(checks: $checks) { allowed reason } }', { checks: batch }, { token: org.admin.token });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i += 1) await Promise.all([time(checks), time(single)]);
    const many: number[] = [];
    const one: number[] = [];
    for (let i = 0; i < Math.max(10, rounds / 2); i += 1) {
      many.push(await time(checks));
      one.push(await time(single));
    }
    console.log(`authorize through the gateway (${users.length} distinct users, half on resources, some private)`);
    console.log(`  1,000 checks: median ${median(many).toFixed(1)} ms per request (${Math.round(1000 / (median(many) / 1000)).toLocaleString('en')} checks/s)`);
    console.log(`  1 check     : median ${median(one).toFixed(1)} ms per request`);
    console.log(`  ratio 1,000 checks / 1 check: ${(median(many) / median(one)).toFixed(2)}x`);
  } finally {
    await stack.stop();
    await dropTestDatabases(config);
  }
}
