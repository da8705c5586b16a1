import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { getNamedType, isInputObjectType } from 'graphql';
import { SeededMember, SeededOrganization, postGraphQL } from '@gatehouse/shared/testing';
import { publicSchema } from '../support/mutation-inputs';
import { ArgumentValues, Call, IdArgument, callFor, generatedScalar, idArguments, lookUp, normalised, sameShapeRandomId, selection } from '../support/id-arguments';
import { SubscriptionClients, settle, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The rule: every id-taking operation answers another organization's id exactly like a nonexistent
 * one. Every ID argument (of root fields and of object types' fields, in input objects and lists too)
 * is read from the schema and tried, as a Super Admin and as an API key, with a nonexistent id and
 * then with a real id of the other organization; ids carried in CSV text are listed by hand.
 */
const schema = publicSchema();
const idArgs = idArguments(schema);

type Kind = 'user' | 'role' | 'space' | 'group' | 'unit' | 'profile' | 'apiKey' | 'scimToken' | 'invitation' | 'import' | 'organization' | 'resource' | 'hold' | 'inquiry';
/** A kind, with sibling input fields that make the id mean that kind (e.g. principalType). */
type KindSpec = Kind | { kind: Kind; with: Record<string, unknown> };

/**
 * What each ID argument stands for, by its name (the most specific suffix of `operation.path` wins).
 * A new ID argument this map does not know fails the first test: add it here.
 */
const kinds: Record<string, KindSpec[]> = {
  userId: ['user'],
  userIds: ['user'],
  actorId: ['user'],
  targetId: ['user', 'role', 'group', 'space'],
  roleId: ['role'],
  roleIds: ['role'],
  reassignToRoleId: ['role'],
  spaceId: ['space'],
  groupId: ['group'],
  unitId: ['unit'],
  parentId: ['unit'],
  profileId: ['profile'],
  organizationId: ['organization'],
  'resource.id': ['resource'],
  principalId: [
    { kind: 'user', with: { principalType: 'USER' } },
    { kind: 'group', with: { principalType: 'GROUP' } },
    { kind: 'unit', with: { principalType: 'UNIT' } },
  ],
  'user.id': ['user'],
  'space.id': ['space'],
  'userImport.id': ['import'],
  importId: ['import'],
  'resendInvitation.input.id': ['invitation'],
  'revokeInvitation.input.id': ['invitation'],
  'revokeApiKey.input.keyId': ['apiKey'],
  'revokeScimToken.input.keyId': ['scimToken'],
  // A daily token limit's target is the member, group or unit its level names.
  ...Object.fromEntries(['setTokenLimit', 'removeTokenLimit', 'previewLimitChange'].map((operation) => [`${operation}.input.targetId`, [
    { kind: 'user', with: { level: 'USER' } },
    { kind: 'group', with: { level: 'GROUP' } },
    { kind: 'unit', with: { level: 'UNIT' } },
  ] as KindSpec[]])),
  'settleUsage.input.holdId': ['hold'],
  // Inquiries: the card, the one it goes after, its author and assignee, what a permission request asks for.
  inquiryId: ['inquiry'],
  afterInquiryId: ['inquiry'],
  'inquiry.id': ['inquiry'],
  authorId: ['user'],
  assigneeId: ['user'],
  requestedRoleId: ['role'],
  requestedSpaceId: ['space'],
  requestedGroupId: ['group'],
};
/**
 * Text arguments that carry ids (CSV cells): not ID-typed, so the schema cannot say; listed here.
 * The first test fails when one no longer exists.
 */
const idsInText: { key: string; kind: Kind; text: (id: string, token: string) => string }[] = [
  { key: 'inviteTeammates.input.csv', kind: 'role', text: (id, token) => `email,role\nfid-${token}@example.com,${id}\n` },
  { key: 'inviteTeammates.input.csv', kind: 'space', text: (id, token) => `email,space\nfid-${token}@example.com,${id}\n` },
  { key: 'importUsers.input.csv', kind: 'role', text: (id, token) => `email,name,role\nfid-${token}@example.com,Fid,${id}\n` },
];
const textArguments: (IdArgument & { kind: Kind; text: (id: string, token: string) => string })[] = idsInText.map((entry) => {
  const [operation, ...path] = entry.key.split('.');
  return { ...entry, root: schema.getMutationType()?.getFields()[operation] ? 'mutation' : 'query', operation, path };
});

const kindOf = (spec: KindSpec): Kind => (typeof spec === 'string' ? spec : spec.kind);
const siblingsOf = (spec: KindSpec) => (typeof spec === 'string' ? undefined : spec.with);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('another organization\'s ids are answered exactly like nonexistent ones', () => {
  let t: TestStack;
  let acme: SeededOrganization; // the other organization, whose ids are tried
  let globex: SeededOrganization; // the caller's
  let acmeMember: SeededMember;
  let globexKey: string;
  let acmeKey: string;
  let makeOwn: ReturnType<typeof makers>;
  const foreign = {} as Record<Kind, string[]>;
  const own = {} as Record<Kind, string>;
  const knownIds = new Set<string>();
  const subscriptions = new SubscriptionClients(() => t.stack.gatewayUrl);

  async function ok(token: string, document: string, variables: Json, path: string[]): Promise<string> {
    const response = await t.gql(document, variables, token);
    let value: unknown = response.data;
    for (const key of path) value = (value as Json | null | undefined)?.[key];
    if (typeof value !== 'string') throw new Error(`seeding failed: ${document} ${JSON.stringify(response)}`);
    knownIds.add(value);
    return value;
  }

  /** Makers of one object of each kind in an organization, by its Super Admin (`viewerRole` goes into profiles). */
  function makers(token: string, label: string, viewerRole: string): Record<Exclude<Kind, 'organization' | 'resource' | 'import' | 'hold'>, () => Promise<string>> {
    const n = () => `${label} ${randomUUID().slice(0, 8)}`;
    return {
      user: () => ok(token, 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }', { input: { email: `${label}.${randomUUID().slice(0, 8)}@example.com`, name: 'Own', password: 'correct horse battery staple' } }, ['createUser', 'user', 'id']),
      role: () => ok(token, 'mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id } } }', { input: { name: n(), grants: [{ area: 'PROMPTS', level: 'READ' }] } }, ['createRole', 'role', 'id']),
      space: () => ok(token, 'mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } } }', { input: { name: n() } }, ['createSpace', 'space', 'id']),
      group: () => ok(token, 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }', { input: { name: n(), grants: [{ area: 'PROMPTS', level: 'READ' }] } }, ['createGroup', 'group', 'id']),
      unit: () => ok(token, 'mutation($input: CreateOrgUnitInput!) { createOrganizationalUnit(input: $input) { unit { id } } }', { input: { name: n() } }, ['createOrganizationalUnit', 'unit', 'id']),
      profile: () => ok(token, 'mutation($input: CreateSecurityProfileInput!) { createSecurityProfile(input: $input) { profile { id } } }', { input: { name: n(), roleIds: [viewerRole] } }, ['createSecurityProfile', 'profile', 'id']),
      apiKey: () => ok(token, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { name: n(), grants: [{ area: 'ANALYTICS', level: 'READ' }] } }, ['createApiKey', 'apiKey', 'id']),
      scimToken: () => ok(token, 'mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) { apiKey { id } } }', { input: { name: n() } }, ['createScimToken', 'apiKey', 'id']),
      invitation: () => ok(token, 'mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id } } }', { input: { email: `invited.${label}.${randomUUID().slice(0, 8)}@example.com` } }, ['inviteTeammate', 'invitation', 'id']),
      inquiry: () => ok(token, 'mutation($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { id } } }', { input: { type: 'ACCOUNT', subtype: 'ACCOUNT_ISSUE', title: n(), message: 'Seeded' } }, ['sendInquiry', 'inquiry', 'id']),
    };
  }

  /** One of each kind in an organization, with `member` (not its first user) in the group, the unit, a resource's access list and usage. */
  async function seedObjects(token: string, member: string, label: string) {
    const viewerRole = (await t.gql('{ roles { id key } }', {}, token)).data!.roles.find((r: Json) => r.key === 'VIEWER').id;
    knownIds.add(viewerRole);
    const make = makers(token, label, viewerRole);
    const objects = { role: await make.role(), space: await make.space(), group: await make.group(), unit: await make.unit(), profile: await make.profile(), scimToken: await make.scimToken(), invitation: await make.invitation(), inquiry: await make.inquiry() };
    await t.gql('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: objects.group, userIds: [member] } }, token);
    await t.gql('mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { userErrors { code } } }', { input: { unitId: objects.unit, userId: member } }, token);
    const allWrite = (schema.getType('Area') as unknown as { getValues(): { value: string }[] }).getValues().map((a) => ({ area: a.value, level: 'WRITE' }));
    const key = await t.gql('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code } } }', { input: { name: `${label} key`, grants: allWrite } }, token);
    const apiKey = key.data?.createApiKey.apiKey?.id;
    if (!apiKey) throw new Error(`seeding failed: ${JSON.stringify(key)}`);
    knownIds.add(apiKey);
    const importId = randomUUID();
    await ok(token, 'mutation($input: ImportUsersInput!) { importUsers(input: $input) { import { id } } }', { input: { csv: `email,name\nimported.${label}.${Date.now()}@example.com,Imported\n`, importId } }, ['importUsers', 'import', 'id']);
    const resource = `agent-${randomUUID()}`;
    const access = await t.gql('mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { userErrors { code } } }', { input: { resource: { type: 'AGENT', id: resource }, visibility: 'PRIVATE', entries: [{ principalType: 'USER', principalId: member, level: 'READ' }] } }, token);
    if (access.errors || access.data!.setResourceAccess.userErrors.length) throw new Error(`seeding failed: ${JSON.stringify(access)}`);
    const secret = key.data!.createApiKey.secret as string;
    await recordUsage(secret, member, objects.space);
    // A reservation of tokens for the member (the platform's key holds Analytics WRITE).
    const reserved = await postGraphQL(t.stack.gatewayUrl, 'mutation($input: ReserveTokensInput!) { reserveTokens(input: $input) { hold { id } } }', { input: { userId: member, estimate: 1, requestId: `seed-${randomUUID()}` } }, { token: secret });
    const hold = reserved.data?.reserveTokens.hold?.id;
    if (!hold) throw new Error(`seeding failed: ${JSON.stringify(reserved)}`);
    knownIds.add(hold);
    return { ...objects, viewerRole, apiKey, import: importId, resource, secret, make, hold };
  }

  async function recordUsage(secret: string, userId: string, spaceId: string) {
    const recorded = await postGraphQL(t.stack.gatewayUrl, 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded } }', { input: { events: [{ id: `seed-${randomUUID()}`, occurredAt: new Date().toISOString(), computeType: 'LLM', userId, spaceId, costMicroUsd: 1234 }] } }, { token: secret });
    if (recorded.data?.recordUsage.recorded !== 1) throw new Error(`recording usage failed: ${JSON.stringify(recorded)}`);
  }

  /** What Acme's Super Admin sees of Acme: every query without required arguments, and Acme's objects by id. */
  function snapshotDocument(): string {
    // Left out: the catalogue and price lists (not Acme's), the log as CSV and its chain check (the log itself is in).
    const left = ['permissionMatrix', 'computeTypes', 'modelPrices', 'auditLogCsv', 'verifyAuditChain', 'invitationByToken'];
    const fields = Object.values(schema.getQueryType()!.getFields()).filter((f) => !f.args.some((a) => String(a.type).endsWith('!')) && !left.includes(f.name));
    // Connections one level deeper, to reach their nodes.
    const depth = (f: (typeof fields)[number]) => (getNamedType(f.type).name.endsWith('Connection') ? 3 : 2);
    const lookups = [
      `member: user(id: "${acmeMember.accountId}")${selection(schema.getQueryType()!.getFields().user.type, 2)}`,
      `space(id: "${foreign.space[0]}")${selection(schema.getQueryType()!.getFields().space.type, 2)}`,
      `userImport(id: "${foreign.import[0]}")${selection(schema.getQueryType()!.getFields().userImport.type, 2)}`,
      `resourceAccess(resource: { type: AGENT, id: "${foreign.resource[0]}" })${selection(schema.getQueryType()!.getFields().resourceAccess.type, 2)}`,
      `usage(filter: { from: "${day(-7)}", to: "${day(0)}" })${selection(schema.getQueryType()!.getFields().usage.type, 2)}`,
    ];
    return `{ ${fields.map((f) => `${f.name}${selection(f.type, depth(f))}`).join(' ')} ${lookups.join(' ')} }`;
  }
  const snapshot = async () => {
    const answer = await t.gql(snapshotDocument(), {}, acme.admin.token);
    // A snapshot that fails would compare equal to itself: it must answer (fields guarded from Acme's own admin, e.g. a member's organizations, aside).
    if (!answer.data || answer.errors?.some((e: Json) => e.extensions?.code !== 'FORBIDDEN')) throw new Error(`Acme's snapshot failed: ${JSON.stringify(answer.errors)}`);
    return normalised(answer, { tested: '\u0000', token: '\u0000', knownIds });
  };

  beforeAll(async () => {
    // Hundreds of calls in one process beside other suites: on a loaded machine a signed fetch can wait in the
    // subgraph's queue past the 5 s signature window (seen once as UNAUTHENTICATED); this test is about ids, not clocks.
    t = await startTestStack({ REQUEST_SIGNATURE_WINDOW_MS: '30000', INQUIRIES_PER_MEMBER_PER_DAY: '100000' });
    acme = await t.seed.organization('Acme');
    acmeMember = await acme.member('EDITOR', 'Fiona');
    globex = await t.seed.organization('Globex');
    const a = await seedObjects(acme.admin.token, acmeMember.accountId, 'acme');
    const globexMember = await makers(globex.admin.token, 'globex', '').user();
    const g = await seedObjects(globex.admin.token, globexMember, 'globex');
    globexKey = g.secret;
    acmeKey = a.secret;
    makeOwn = g.make;
    Object.assign(foreign, {
      // Its first user too: rules about the first user or the designated SA must not be checked before the organization.
      user: [acmeMember.accountId, acme.admin.accountId],
      role: [a.role, a.viewerRole],
      space: [a.space],
      group: [a.group],
      unit: [a.unit],
      profile: [a.profile],
      apiKey: [a.apiKey],
      scimToken: [a.scimToken],
      invitation: [a.invitation],
      import: [a.import],
      organization: [acme.id],
      resource: [a.resource],
      hold: [a.hold],
      inquiry: [a.inquiry],
    });
    Object.assign(own, { user: globexMember, role: g.role, space: g.space, group: g.group, unit: g.unit, profile: g.profile, apiKey: g.apiKey, scimToken: g.scimToken, invitation: g.invitation, import: g.import, organization: globex.id, resource: g.resource, hold: g.hold, inquiry: g.inquiry });
    for (const id of [acme.id, globex.id, acme.admin.accountId, globex.admin.accountId, acmeMember.accountId]) knownIds.add(id);
  });
  afterAll(async () => {
    await subscriptions.disposeAll();
    await t.stop();
  });

  const callers = () => [
    { name: 'Super Admin', token: globex.admin.token, credential: { token: globex.admin.token } },
    { name: 'API key', token: globexKey, credential: { apiKey: globexKey } },
  ];

  /** Values for non-ID arguments the type alone does not give well (a first enum value would be refused before any id is looked at). */
  const hints = (token: string): Record<string, unknown> => ({
    from: day(-7),
    to: day(0),
    computeType: 'LLM',
    // A reservation small enough to be granted, a limit that could be set: the id is then what decides.
    'reserveTokens.input.estimate': 1,
    dailyTokens: 1000,
    password: 'correct horse battery staple',
    email: `fid-${token}@example.com`,
    'importUsers.input.csv': `email,name\nfid-${token}@example.com,Fid\n`,
    'setResourceAccess.input.visibility': 'PRIVATE',
    'entries.level': 'READ',
    'authorize.checks.area': 'DASHBOARD', // a check names an area or a resource
    afterPosition: 0, // audit subscriptions replay what matches, so a leak would show
    'logIn.input.email': globex.admin.email,
    'logIn.input.password': globex.admin.password,
    // A permission request, so that a requested role, space or group is what decides.
    'sendInquiry.input.type': 'ACCOUNT',
    'sendInquiry.input.subtype': 'PERMISSION_REQUEST',
  });

  /** Globex's own id for each required ID not under test: for mutations a fresh object per call, so neither call finds what the other consumed. */
  async function ownIds(id: IdArgument, spec: KindSpec, fresh: boolean): Promise<{ ownOf: (kind: Kind) => string; placeholders: Map<string, string> }> {
    if (!fresh) return { ownOf: (kind) => own[kind], placeholders: new Map() };
    const needed = new Set<Kind>();
    callFor(schema, id, valuesFor(id, spec, 'x', 'x', (kind) => (needed.add(kind), 'x')));
    const made: Partial<Record<Kind, string>> = {};
    for (const kind of needed) {
      if (kind in makeOwn) made[kind] = await makeOwn[kind as keyof typeof makeOwn]();
      // A role with a member: deleting it looks at the reassignment's target.
      if (kind === 'role') await t.gql('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: own.user, roleId: made.role } }, globex.admin.token);
      else if (kind === 'resource') made[kind] = `agent-${randomUUID()}`;
      else if (kind === 'import') made[kind] = randomUUID();
    }
    return { ownOf: (kind) => made[kind] ?? own[kind], placeholders: new Map(Object.entries(made).map(([kind, made]) => [made, `<own fresh ${kind}>`])) };
  }

  /** The arguments of one call: the tested id, Globex's own objects for other required ids, generated values (with the hints) for the rest. */
  function valuesFor(id: IdArgument, spec: KindSpec, value: string, token: string, ownOf: (kind: Kind) => string): ArgumentValues {
    const given = hints(token);
    return {
      tested: { path: id.path, value, siblings: siblingsOf(spec), asText: 'text' in id ? (text) => (id as (typeof textArguments)[number]).text(text, token) : undefined },
      otherId: (key) => {
        const specs = lookUp(kinds, key);
        if (!specs) throw new Error(`${key}: say in \`kinds\` what this ID stands for`);
        return { value: ownOf(kindOf(specs[0])), siblings: siblingsOf(specs[0]) };
      },
      scalar: (key, type, required) => {
        const hint = lookUp(given, key);
        if (hint !== undefined) return hint;
        return required ? generatedScalar(type, token) : undefined;
      },
    };
  }

  /** Every (ID argument, caller, kind, foreign id) to try, with a same-shaped nonexistent id. */
  function* cases(root: (r: string) => boolean) {
    const all = [...idArgs.map((id) => ({ id, specs: lookUp(kinds, id.key) ?? [] })), ...textArguments.map((id) => ({ id, specs: [id.kind] }))];
    for (const { id, specs } of all.filter((a) => root(a.id.root))) {
      for (const caller of callers()) {
        for (const spec of specs) {
          for (const foreignId of foreign[kindOf(spec)]) {
            yield { id, caller, spec, foreignId, randomId: sameShapeRandomId(foreignId), label: `${caller.name}: ${id.key} with ${kindOf(spec)} ${foreignId}` };
          }
        }
      }
    }
  }

  /**
   * How a field of an object type taking an id is reached: through a query for Globex's own object of
   * that type. A type not listed fails the first test: add a route here.
   */
  const routes = (): Record<string, string> => ({
    User: `user(id: "${own.user}")`,
    Space: `space(id: "${own.space}")`,
  });

  /** An answer refused for something other than the policy or the id: an error, or a `code` anywhere in the data, that is not about a missing object. */
  function refusedForOtherReasons(answer: Json): boolean {
    const aboutTheId = /NOT_FOUND|NOT_A_MEMBER|INVALID_CREDENTIALS|No such/;
    const codes: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) k === 'code' && typeof v === 'string' ? codes.push(v) : walk(v);
    };
    walk(answer.data);
    const errors = (answer.errors ?? []).filter((e: Json) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(e.code) && !aboutTheId.test(e.message));
    return errors.length > 0 || codes.some((code) => !aboutTheId.test(code));
  }

  /** Refused outright (FORBIDDEN or UNAUTHENTICATED, no data): the operation did not run, so Acme's snapshot is skipped. */
  const refused = (answer: Json) => answer.data === null && answer.errors?.every((e: Json) => e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED');
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

  it('every ID argument in the schema says what it stands for', () => {
    const unknown = idArgs.filter((a) => !lookUp(kinds, a.key)).map((a) => a.key);
    if (unknown.length) throw new Error(`Say in \`kinds\` (test/e2e/foreign-ids.test.ts) what these ID arguments stand for, so they are tried with another organization's ids: ${unknown.join(', ')}`);
    const gone = textArguments.filter((a) => {
      const field = (a.root === 'mutation' ? schema.getMutationType() : schema.getQueryType())?.getFields()[a.operation];
      let type = field?.args.find((arg) => arg.name === a.path[0])?.type;
      for (const name of a.path.slice(1)) {
        const named = type && getNamedType(type);
        type = named && isInputObjectType(named) ? named.getFields()[name]?.type : undefined;
      }
      return !type || getNamedType(type).name !== 'String';
    });
    expect(gone.map((a) => a.key)).toEqual([]);
    const unreachable = idArgs.filter((a) => a.parent && !(a.parent in routes())).map((a) => a.key);
    if (unreachable.length) throw new Error(`Give \`routes\` (test/e2e/foreign-ids.test.ts) a query reaching the type of these fields, so their ID arguments are tried: ${unreachable.join(', ')}`);
    expect(idArgs.length).toBeGreaterThan(50);
  });

  it('queries and mutations answer a foreign id like a nonexistent one and leave the other organization as it was', async () => {
    const leaks: string[] = [];
    const changed: string[] = [];
    const tried: Json[] = [];
    const snapshotStarted = Date.now();
    let before = await snapshot();
    const snapshotMs = Date.now() - snapshotStarted;
    for (const c of cases((r) => r !== 'subscription')) {
      const answer = async (value: string) => {
        const token = randomUUID().slice(0, 8);
        const { ownOf, placeholders } = await ownIds(c.id, c.spec, c.id.root === 'mutation');
        const call: Call = callFor(schema, c.id, valuesFor(c.id, c.spec, value, token, ownOf), 2, (parent) => routes()[parent]);
        if (!JSON.stringify(call.variables).includes(value)) throw new Error(`${c.label}: the tested id is not in the call ${JSON.stringify(call)}`);
        const response = await t.gql(call.document, call.variables, c.caller.token);
        return { call, answer: normalised(response, { tested: value, token, knownIds, placeholders }) };
      };
      // The nonexistent id first: should it succeed and change Acme, the foreign id's call is not blamed for it.
      const started = Date.now();
      const nonexistent = await answer(c.randomId);
      if (c.id.root === 'mutation' && !refused(nonexistent.answer)) {
        const after = await snapshot();
        if (differs(after, before)) changed.push(`${c.label} (the nonexistent id's call)\n  before: ${JSON.stringify(before)}\n  after:  ${JSON.stringify(after)}`);
        before = after;
      }
      const foreignAnswer = await answer(c.foreignId);
      tried.push({ key: c.id.key, kind: kindOf(c.spec), caller: c.caller.name, answer: nonexistent.answer, ms: Date.now() - started });
      if (differs(foreignAnswer.answer, nonexistent.answer)) {
        leaks.push(`${c.label}\n  document: ${nonexistent.call.document}\n  nonexistent: ${JSON.stringify(nonexistent.answer)}\n  foreign:     ${JSON.stringify(foreignAnswer.answer)}`);
      }
      if (c.id.root === 'mutation' && !refused(foreignAnswer.answer)) {
        const after = await snapshot();
        if (differs(after, before)) changed.push(`${c.label}\n  before: ${JSON.stringify(before)}\n  after:  ${JSON.stringify(after)}`);
        before = after;
      }
    }
    // FOREIGN_IDS_REPORT=<file> writes what was tried and what Acme looked like, to read the answers.
    if (process.env.FOREIGN_IDS_REPORT) writeFileSync(process.env.FOREIGN_IDS_REPORT, JSON.stringify({ snapshotMs, tried, acme: before }, null, 1));
    // Changes that reach Acme as events (unit links, usage) land a moment later: look once more.
    await settle(1500);
    const settled = await snapshot();
    if (differs(settled, before)) changed.push(`after the events settled\n  before: ${JSON.stringify(before)}\n  after:  ${JSON.stringify(settled)}`);
    expect({ leaks, changed }).toEqual({ leaks: [], changed: [] });
    // The snapshot does see a change: Acme's own renaming of its group.
    await t.gql('mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }', { input: { groupId: foreign.group[0], name: 'Renamed by Acme' } }, acme.admin.token);
    expect(differs(await snapshot(), settled)).toBe(true);
    // No try stopped at a generated value: every refusal is the policy's or about the id (else the comparison proved nothing).
    expect(tried.filter((x) => refusedForOtherReasons(x.answer)).map((x) => `${x.caller}: ${x.key} ${JSON.stringify(x.answer)}`)).toEqual([]);
  }, 300_000);

  it('subscriptions answer a foreign id like a nonexistent one (first message or error alike), while Acme is busy', async () => {
    const leaks: string[] = [];
    const seenBySubscriptions: Json[] = [];
    let tried = 0;
    // Acme does something audited and records usage, so a subscription leaking Acme's events would get them.
    const stir = async () => {
      await t.gql('mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } } }', { input: { name: `stir ${randomUUID().slice(0, 8)}` } }, acme.admin.token);
      await recordUsage(acmeKey, acmeMember.accountId, foreign.space[0]);
    };
    // Every subscription at once (a nonexistent and a foreign id for each case), then Acme acts once.
    const watches = await Promise.all(
      [...cases((r) => r === 'subscription')].map(async (c) => {
        const watchWith = async (value: string) => {
          const token = randomUUID().slice(0, 8);
          const call = callFor(schema, c.id, valuesFor(c.id, c.spec, value, token, (kind) => own[kind]));
          return { value, token, call, watched: subscriptions.watch(subscriptions.connect(c.caller.credential), call.document, call.variables) };
        };
        return { c, nonexistent: await watchWith(c.randomId), foreign: await watchWith(c.foreignId) };
      }),
    );
    // What a matching filter gets, so an empty answer above means filtered out, not never sent.
    const control = subscriptions.watch(subscriptions.connect({ token: globex.admin.token }), 'subscription($filter: AuditLogFilter) { auditEventRecorded(filter: $filter, afterPosition: 0) { action } }', { filter: { actorId: globex.admin.accountId } });
    await settle(500);
    await stir();
    await settle(1500);
    // Under load a first message may be late for one of a pair: wait (a little) until each pair agrees on having one.
    const heard = (w: (typeof watches)[number]['foreign']) => w.watched.events.length + w.watched.errors.length > 0;
    await until(() => watches.every((w) => heard(w.nonexistent) === heard(w.foreign)), 3000);
    const seen = (w: (typeof watches)[number]['foreign']) => {
      w.watched.stop();
      const errors = w.watched.errors.map((e) => (Array.isArray(e) ? e.map((x) => ({ message: x.message, code: x.extensions?.code })) : { message: (e as Json).message ?? (e as Json).reason, code: (e as Json).code }));
      return normalised({ data: { events: w.watched.events, errors } }, { tested: w.value, token: w.token, knownIds });
    };
    for (const { c, nonexistent, foreign: foreignWatch } of watches) {
      tried += 1;
      const [a, b] = [seen(nonexistent), seen(foreignWatch)];
      seenBySubscriptions.push({ key: c.id.key, kind: kindOf(c.spec), caller: c.caller.name, answer: a });
      if (differs(a, b)) leaks.push(`${c.label}\n  document: ${nonexistent.call.document}\n  nonexistent: ${JSON.stringify(a)}\n  foreign:     ${JSON.stringify(b)}`);
    }
    if (process.env.FOREIGN_IDS_REPORT) writeFileSync(`${process.env.FOREIGN_IDS_REPORT}.subscriptions`, JSON.stringify(seenBySubscriptions, null, 1));
    expect(leaks).toEqual([]);
    expect(tried).toBeGreaterThan(0);
    // The control replays Globex's own log: on a loaded machine identity may still be appending the entries the
    // mutations above caused (one SQLite connection, taken in turn), so its first event can come late. It only
    // shows that a matching filter is answered; the pairs above were compared on what they had heard.
    await until(() => control.events.length > 0, 15_000);
    expect(control.events.length).toBeGreaterThan(0);
    control.stop();
  }, 60_000);
});
