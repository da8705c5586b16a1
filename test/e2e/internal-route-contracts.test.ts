import { InternalRouteContract, SigningService, requestSigner } from '@gatehouse/shared';
import { SeededOrganization, postBody, signedHeaders } from '@gatehouse/shared/testing';
import * as accessControlContracts from '@gatehouse/access-control-contracts';
import * as identityContracts from '@gatehouse/identity-contracts';
import * as meteringContracts from '@gatehouse/metering-contracts';
import { applyLimitRequestRoute } from '@gatehouse/metering-contracts';
import { accountPermissionsRoute, applyAccessRequestRoute, limitScopesRoute, limitTargetsRoute, maxLimitScopeAccounts, inviterScopeRoute, inviterScopesRoute, maxPermissionOrganizations, maxInviterScopeSpaces, memberReachRoute, maxReachAccounts, maxRoleHolderAccounts, organizationRolesRoute, roleHoldersRoute, rolePermissionsRoute, spacesReachedRoute, unitChangesCheckRoute, viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { acceptInvitationRoute, accountMembershipsRoute, apiKeyStatusRoute, invitationContextRoute, maxContactedMembers, maxInviteeLookups, maxNamedThings, memberContactsRoute, membersByEmailRoute, organizationNamesRoute, sessionStatusRoute, spacesByNameRoute } from '@gatehouse/identity-contracts';
import { TestStack, startTestStack } from '../support/test-stack';

const createKey = 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code } } }';

/**
 * Every internal route checks its body against its contract before anything runs: a body of the
 * wrong shape, signed by a caller the route accepts, answers 400 BAD_REQUEST (never a 5xx) and
 * changes nothing; the well-formed body beside it is served, so the 400 is about the body.
 */
describe('internal routes validate their input against their contract', () => {
  let t: TestStack;
  let acme: SeededOrganization;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  /** Posts `body` (any JSON) to the route, signed by its first listed caller as that service's system viewer. */
  const call = async (route: InternalRouteContract, body: unknown) => {
    const caller: SigningService = route.callers[0];
    const audience = route.service;
    const url = new URL(`/internal/${route.name}`, t.config.subgraphUrls[audience]).href;
    const text = JSON.stringify(body);
    const { status, ...answer } = await postBody(url, text, signedHeaders({ signer: requestSigner(t.config, caller, 'the test'), audience }, url, { kind: 'system', service: caller }, text));
    return { status, body: answer };
  };
  const placeholders = () => ({ $org: acme.id, $admin: acme.admin.accountId, $token: acme.admin.token });
  const fill = (body: unknown): unknown => JSON.parse(JSON.stringify(body), (_key, value) => (typeof value === 'string' && Object.hasOwn(placeholders(), value) ? placeholders()[value as keyof ReturnType<typeof placeholders>] : value));
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const noPermissions = { levels: {}, capabilities: [] };

  const acceptance = { invitationId: '00000000-0000-4000-8000-00000000a11c', organizationId: '$org', email: 'ivy@example.com', roleId: '$admin', spaceId: null, invitedBy: '$admin', clientAddress: '' };
  // Bodies name the seeded organization, admin and token by placeholder: they exist only once the stack runs.
  const cases: [InternalRouteContract, unknown, unknown[]][] = [
    [viewerPermissionsRoute, ({ organizationId: '$org', accountId: '$admin' }), [{}, { organizationId: '$org' }, { organizationId: '$org', accountId: 7 }, { organizationId: ['$org'], accountId: '$admin' }]],
    [organizationRolesRoute, ({ organizationId: '$org' }), [{}, { organizationId: null }, { organizationId: { $ne: '' } }, 'Acme']],
    [rolePermissionsRoute, ({ organizationId: '$org', roleId: '$admin' }), [{ organizationId: '$org' }, { organizationId: '$org', roleId: 3 }]],
    [inviterScopeRoute, ({ organizationId: '$org', accountId: '$admin', spaceId: null }), [{ organizationId: '$org', accountId: '$admin' }, { organizationId: '$org', accountId: '$admin', spaceId: 5 }, { organizationId: '$org', accountId: ['$admin'], spaceId: null }]],
    [
      memberReachRoute,
      ({ organizationId: '$org', accountIds: ['$admin'] }),
      [{ organizationId: '$org' }, { organizationId: '$org', accountIds: '$admin' }, { organizationId: '$org', accountIds: [1, 2] }, { organizationId: '$org', accountIds: ids(maxReachAccounts + 1) }],
    ],
    [
      unitChangesCheckRoute,
      ({ organizationId: '$org', actor: { accountId: '$admin', permissions: noPermissions }, changes: {} }),
      [
        { organizationId: '$org', changes: {} },
        { organizationId: '$org', actor: { accountId: '$admin' }, changes: {} },
        { organizationId: '$org', actor: { accountId: '$admin', permissions: { levels: { NOT_AN_AREA: 'WRITE' }, capabilities: [] } }, changes: {} },
        { organizationId: '$org', actor: { accountId: '$admin', permissions: noPermissions }, changes: { membershipsAdded: [{ unitId: 1 }] } },
      ],
    ],
    [
      roleHoldersRoute,
      ({ organizationId: '$org', roleKey: 'SUPER_ADMIN', accountIds: ['$admin'] }),
      [{ organizationId: '$org', accountIds: [] }, { organizationId: '$org', roleKey: 'SUPER_ADMIN', accountIds: ids(maxRoleHolderAccounts + 1) }, { organizationId: '$org', roleKey: 'SUPER_ADMIN', accountIds: 'all' }],
    ],
    [
      inviterScopesRoute,
      ({ organizationId: '$org', accountId: '$admin', spaceIds: [] }),
      [{ organizationId: '$org', accountId: '$admin' }, { organizationId: '$org', accountId: '$admin', spaceIds: [null] }, { organizationId: '$org', accountId: '$admin', spaceIds: ids(maxInviterScopeSpaces + 1) }],
    ],
    [
      membersByEmailRoute,
      ({ organizationId: '$org', emails: ['someone@example.com'] }),
      [{ organizationId: '$org' }, { organizationId: '$org', emails: 'someone@example.com' }, { organizationId: '$org', emails: [''] }, { organizationId: '$org', emails: ids(maxInviteeLookups + 1) }],
    ],
    [
      spacesByNameRoute,
      ({ organizationId: '$org', names: ['Marketing'] }),
      [{ organizationId: '$org' }, { organizationId: '$org', names: [7] }, { organizationId: '$org', names: ['x'.repeat(101)] }, { organizationId: '$org', names: ids(maxInviteeLookups + 1) }],
    ],
    [sessionStatusRoute, ({ accessToken: '$token' }), [{}, { accessToken: 12 }, { accessToken: ['$token'] }, { accessToken: 'x'.repeat(16 * 1024 + 1) }]],
    [apiKeyStatusRoute, ({ key: 'ghk_unknown' }), [{}, { key: null }, { key: { startsWith: 'ghk_' } }]],
    [
      organizationNamesRoute,
      ({ organizationId: '$org', accountIds: ['$admin'], spaceIds: [] }),
      [{ organizationId: '$org' }, { organizationId: '$org', accountIds: '$admin', spaceIds: [] }, { organizationId: '$org', accountIds: [], spaceIds: [7] }, { organizationId: '$org', accountIds: ids(maxNamedThings + 1), spaceIds: [] }],
    ],
    [
      acceptInvitationRoute,
      // Well formed, and refused by identity's own rule (the password is too short): a 200 that changes nothing.
      ({ ...acceptance, credentials: { kind: 'password', password: 'short', name: 'Ivy', lastName: null } }),
      [
        { ...acceptance },
        { ...acceptance, credentials: { kind: 'magic' } },
        { ...acceptance, credentials: { kind: 'signedIn' } },
        { ...acceptance, email: `${'x'.repeat(300)}@example.com`, credentials: { kind: 'signedIn', accountId: '$admin' } },
        { ...acceptance, spaceId: 5, credentials: { kind: 'signedIn', accountId: '$admin' } },
      ],
    ],
    [invitationContextRoute, ({ organizationId: '$org', inviterId: '$admin', spaceId: null }), [{ organizationId: '$org', inviterId: '$admin' }, { organizationId: '$org', inviterId: 1, spaceId: null }]],
    [
      spacesReachedRoute,
      ({ organizationId: '$org', accountId: '$admin', area: 'ANALYTICS', level: 'READ' }),
      [{ organizationId: '$org', accountId: '$admin', level: 'READ' }, { organizationId: '$org', accountId: '$admin', area: 'NOT_AN_AREA', level: 'READ' }, { organizationId: '$org', accountId: '$admin', area: 'ANALYTICS', level: 'ROOT' }, { organizationId: '$org', accountId: 7, area: 'ANALYTICS', level: 'READ' }],
    ],
    [
      accountPermissionsRoute,
      ({ accountId: '$admin', organizationIds: ['$org'] }),
      [{ accountId: '$admin' }, { accountId: '$admin', organizationIds: '$org' }, { accountId: null, organizationIds: [] }, { accountId: '$admin', organizationIds: ids(maxPermissionOrganizations + 1) }],
    ],
    [accountMembershipsRoute, ({ accountId: '$admin' }), [{}, { accountId: '' }, { accountId: ['$admin'] }, { accountId: 'x'.repeat(65) }]],
    [
      limitScopesRoute,
      ({ organizationId: '$org', accountIds: ['$admin'] }),
      [{ organizationId: '$org' }, { organizationId: '$org', accountIds: '$admin' }, { organizationId: 7, accountIds: [] }, { organizationId: '$org', accountIds: ids(maxLimitScopeAccounts + 1) }],
    ],
    [
      limitTargetsRoute,
      ({ organizationId: '$org', accountIds: ['$admin'], groupIds: [], unitIds: [] }),
      [{ organizationId: '$org', accountIds: [] }, { organizationId: '$org', accountIds: [], groupIds: [], unitIds: 'x' }, { organizationId: '$org', accountIds: ids(101), groupIds: [], unitIds: [] }],
    ],
    [
      // Well formed, and refused by access control's own rule (nobody changes their own role): a 200 that changes nothing.
      applyAccessRequestRoute,
      ({ organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin', roleId: null, spaceId: null, groupId: null }),
      [{ organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin' }, { organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin', roleId: 5, spaceId: null, groupId: null }, { organizationId: '$org', actorId: 'x'.repeat(65), inquiryId: 'i', targetId: '$admin', roleId: null, spaceId: null, groupId: null }],
    ],
    [
      // Refused by metering's own rule (nobody sets their own limit): a 200 that changes nothing.
      applyLimitRequestRoute,
      ({ organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin', dailyTokens: 5 }),
      [{ organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin' }, { organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin', dailyTokens: -1 }, { organizationId: '$org', actorId: '$admin', inquiryId: 'inquiry-1', targetId: '$admin', dailyTokens: 1.5 }],
    ],
    [
      memberContactsRoute,
      ({ organizationId: '$org', accountIds: ['$admin'] }),
      [{ organizationId: '$org' }, { organizationId: '$org', accountIds: '$admin' }, { organizationId: '$org', accountIds: [7] }, { organizationId: '$org', accountIds: ids(maxContactedMembers + 1) }],
    ],
  ];

  it('covers every internal route the contracts declare', () => {
    const exported: unknown[] = [...Object.values(identityContracts), ...Object.values(accessControlContracts), ...Object.values(meteringContracts)];
    const declared = exported.flatMap((v) => (typeof v === 'object' && v !== null && 'callers' in v && 'name' in v && typeof v.name === 'string' ? [v.name] : []));
    expect(cases.map(([route]) => route.name).sort()).toEqual(declared.sort());
  });

  it.each(cases.map(([route, valid, invalid]) => [route.name, route, valid, invalid] as const))('%s answers 400 to every malformed body and 200 to a good one', async (_name, route, valid, invalid) => {
    for (const body of invalid.map(fill)) {
      const answer = await call(route, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body.errors?.[0]).toEqual({ message: expect.stringContaining(`Invalid body for ${route.name}`), extensions: { code: 'BAD_REQUEST' } });
    }
    expect((await call(route, fill(valid))).status).toBe(200);
  });

  it('a malformed call has no effect: a key asked about with a malformed body is not marked as used; asked about properly, it is', async () => {
    const key = async (name: string) => (await t.gql(createKey, { input: { name, grants: [{ area: 'TEAM_MEMBERS', level: 'READ' }] } }, acme.admin.token)).data!.createApiKey;
    const lastUsed = async (id: string) => (await t.gql('{ apiKeys { id lastUsedAt } }', {}, acme.admin.token)).data!.apiKeys.find((k: { id: string }) => k.id === id).lastUsedAt;
    const untouched = await key('Untouched');
    expect((await call(apiKeyStatusRoute, { key: [untouched.secret] })).status).toBe(400);
    expect((await call(apiKeyStatusRoute, { key: { secret: untouched.secret } })).status).toBe(400);
    expect(await lastUsed(untouched.apiKey.id)).toBeNull();
    const used = await key('Used');
    expect((await call(apiKeyStatusRoute, { key: used.secret })).body).toMatchObject({ valid: true, keyId: used.apiKey.id });
    expect(await lastUsed(used.apiKey.id)).not.toBeNull();
  });
});
