import { AdjustableClock, adjustableClock } from '@gatehouse/shared';
import { GraphQLResponse, SeededMember, SeededOrganization, errorCodes, postGraphQL } from '@gatehouse/shared/testing';
import { SubscriptionClients, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';
import { pruneFinishedHolds } from '../../subgraphs/metering/src/modules/limits/prune-finished-holds';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const codes = (response: Json) => errorCodes(response as GraphQLResponse);

const setLimit = 'mutation($input: SetTokenLimitInput!) { setTokenLimit(input: $input) { setting { level targetId model dailyTokens } userErrors { field code } } }';
const removeLimit = 'mutation($input: TokenLimitKeyInput!) { removeTokenLimit(input: $input) { removed userErrors { code } } }';
const effective = `query($userId: ID!, $model: String) { effectiveTokenLimit(userId: $userId, model: $model) {
  limit remaining usedToday level date timeZone resetsAt
  source { level targetId dailyTokens }
  allModels { limit usedToday held remaining candidates { level targetId dailyTokens } }
  forModel { model limit usedToday held remaining }
} }`;
const reserve = 'mutation($input: ReserveTokensInput!) { reserveTokens(input: $input) { hold { id status tokens } limit { limit remaining allModels { usedToday held } } userErrors { code message } } }';
const settle = 'mutation($input: SettleUsageInput!) { settleUsage(input: $input) { hold { id status settledEventId } event { status overDailyLimit } userErrors { code } } }';
const record = 'mutation($input: RecordUsageInput!) { recordUsage(input: $input) { recorded results { status overDailyLimit } } }';
const userLimits = 'query($id: ID!) { user(id: $id) { id dailyTokenLimit dailyUsage } }';
const preview = 'query($input: PreviewLimitChangeInput!) { previewLimitChange(input: $input) { membersReached overLimit { user { id } usedToday limitNow limitAfter overBy } userErrors { code } } }';
const audit = 'query { auditLog(first: 50, filter: { actions: [LIMIT_CHANGED] }) { edges { node { actorId targetType targetId details } } } }';

/**
 * Daily token limits through the gateway: the seed's four levels and "most permissive wins",
 * reservations that never let a member past their limit, and the organization's day on a clock
 * the test moves.
 */
describe('daily token limits', () => {
  let t: TestStack;
  let clock: AdjustableClock;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let key: string;
  let seq = 0;
  const as = (token: string) => (query: string, variables: Json = {}) => t.gql(query, variables, token) as Promise<Json>;
  const admin = () => as(acme.admin.token);
  const withKey = (query: string, variables: Json) => postGraphQL(t.stack.gatewayUrl, query, variables, { token: key }) as Promise<Json>;
  const set = async (level: string, targetId: string | null, dailyTokens: number, model?: string) => {
    const response = await admin()(setLimit, { input: { level, targetId, dailyTokens, model } });
    expect(response.data.setTokenLimit.userErrors).toEqual([]);
  };
  const explain = async (userId: string, model?: string, token = acme.admin.token) => (await as(token)(effective, { userId, model })).data.effectiveTokenLimit;
  const use = async (userId: string, tokens: number, model = 'gpt-4o') => {
    const response = await withKey(record, { input: { events: [{ id: `use-${seq++}`, occurredAt: new Date(clock.now()).toISOString(), computeType: 'LLM', userId, provider: 'openai', model, inputTokens: tokens, costMicroUsd: 1 }] } });
    expect(response.data.recordUsage.recorded).toBe(1);
    return response.data.recordUsage.results[0];
  };
  const unit = async (name: string, parentId: string | null) => (await admin()('mutation($input: CreateOrgUnitInput!) { createOrganizationalUnit(input: $input) { unit { id } } }', { input: { name, parentId } })).data.createOrganizationalUnit.unit.id as string;
  const group = async (name: string, userIds: string[]) => {
    const id = (await admin()('mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }', { input: { name, grants: [] } })).data.createGroup.group.id as string;
    if (userIds.length) expect((await admin()('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: id, userIds } })).data.addGroupMembers.userErrors).toEqual([]);
    return id;
  };

  beforeAll(async () => {
    clock = adjustableClock();
    t = await startTestStack({ TOKEN_HOLD_SECONDS: '60' }, { clock });
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    key = (await admin()('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', { input: { name: 'platform', grants: [{ area: 'ANALYTICS', level: 'WRITE' }] } })).data.createApiKey.secret;
  });
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  describe('the rule of the seed', () => {
    let ana: SeededMember;
    let division: string;
    let team: string;
    let analysts: string;

    beforeAll(async () => {
      ana = await acme.member('VIEWER', 'Ana');
      division = await unit('Division', null);
      team = await unit('Team', division);
      expect((await admin()('mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { userErrors { code } } }', { input: { unitId: team, userId: ana.accountId } })).data.addUnitMember.userErrors).toEqual([]);
      analysts = await group('Analysts', [ana.accountId]);
    });

    it('no limit anywhere is unlimited', async () => {
      expect(await explain(ana.accountId)).toMatchObject({ limit: null, remaining: null, level: null, source: null, allModels: { candidates: [] } });
    });

    it('the most permissive of every level that reaches the member wins; a unit\'s limit covers the units below it; every candidate is listed', async () => {
      await set('ORGANIZATION', null, 1000);
      expect(await explain(ana.accountId)).toMatchObject({ limit: 1000, level: 'ORGANIZATION' });
      await set('USER', ana.accountId, 2000);
      await set('GROUP', analysts, 3000);
      await set('UNIT', division, 5000);
      const explained = await explain(ana.accountId);
      expect(explained).toMatchObject({ limit: 5000, remaining: 5000, level: 'UNIT', source: { level: 'UNIT', targetId: division, dailyTokens: 5000 } });
      expect(explained.allModels.candidates).toEqual([
        { level: 'USER', targetId: ana.accountId, dailyTokens: 2000 },
        { level: 'GROUP', targetId: analysts, dailyTokens: 3000 },
        { level: 'UNIT', targetId: division, dailyTokens: 5000 },
        { level: 'ORGANIZATION', targetId: null, dailyTokens: 1000 },
      ]);
      // The user edit screen's read-only views.
      expect((await admin()(userLimits, { id: ana.accountId })).data.user).toEqual({ id: ana.accountId, dailyTokenLimit: 5000, dailyUsage: 0 });
    });

    it('0 is unlimited and wins at once; removing a setting is not the same as 0', async () => {
      await set('GROUP', analysts, 0);
      expect(await explain(ana.accountId)).toMatchObject({ limit: null, level: 'GROUP', source: { level: 'GROUP', dailyTokens: 0 } });
      expect((await admin()(removeLimit, { input: { level: 'GROUP', targetId: analysts } })).data.removeTokenLimit).toEqual({ removed: true, userErrors: [] });
      expect(await explain(ana.accountId)).toMatchObject({ limit: 5000, level: 'UNIT' });
    });

    it('a model\'s own limit applies beside the all-models one, and the one with less left binds', async () => {
      await set('USER', ana.accountId, 300, 'gpt-4o');
      await use(ana.accountId, 250, 'gpt-4o');
      const explained = await explain(ana.accountId, 'gpt-4o');
      expect(explained).toMatchObject({ limit: 300, remaining: 50, usedToday: 250, allModels: { limit: 5000, remaining: 4750 }, forModel: { model: 'gpt-4o', limit: 300, usedToday: 250, remaining: 50 } });
      expect((await explain(ana.accountId, 'claude')).forModel).toMatchObject({ limit: null, usedToday: 0 });
      const refused = await withKey(reserve, { input: { userId: ana.accountId, model: 'gpt-4o', estimate: 51, requestId: 'model-1' } });
      expect(refused.data.reserveTokens.userErrors[0].code).toBe('LIMIT_EXCEEDED');
      expect((await withKey(reserve, { input: { userId: ana.accountId, model: 'claude', estimate: 51, requestId: 'model-2' } })).data.reserveTokens.userErrors).toEqual([]);
      expect((await admin()(userLimits, { id: ana.accountId })).data.user).toEqual({ id: ana.accountId, dailyTokenLimit: 5000, dailyUsage: 250 });
    });

    it('who sets what: Usage Limits WRITE for the default, Scoped Limits WRITE for the rest, nobody their own; reading is yours or takes a limit area', async () => {
      const viewer = await acme.member('VIEWER', 'Vic');
      expect(codes(await as(viewer.token)(setLimit, { input: { level: 'USER', targetId: ana.accountId, dailyTokens: 1 } }))).toEqual(['FORBIDDEN']);
      expect(codes(await as(viewer.token)(effective, { userId: ana.accountId }))).toEqual(['FORBIDDEN']);
      expect((await explain(viewer.accountId, undefined, viewer.token))).toMatchObject({ limit: 1000, level: 'ORGANIZATION' });
      expect((await as(viewer.token)(userLimits, { id: viewer.accountId })).data.user.dailyTokenLimit).toBe(1000);

      const scoped = await acme.member('SCOPED_LIMITS_ADMINISTRATOR', 'Sam');
      const peer = await acme.member('SCOPED_LIMITS_ADMINISTRATOR', 'Sid');
      expect((await as(scoped.token)(setLimit, { input: { level: 'USER', targetId: peer.accountId, dailyTokens: 10 } })).data.setTokenLimit.userErrors).toEqual([]);
      // As on every path acting on a member: nobody acts on someone holding more than they do (the Viewer reads content Sam cannot).
      expect((await as(scoped.token)(setLimit, { input: { level: 'USER', targetId: viewer.accountId, dailyTokens: 10 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'targetId'], code: 'TARGET_MORE_PRIVILEGED' }]);
      expect(codes(await as(scoped.token)(setLimit, { input: { level: 'ORGANIZATION', dailyTokens: 10 } }))).toEqual(['FORBIDDEN']);
      expect((await as(scoped.token)(setLimit, { input: { level: 'USER', targetId: scoped.accountId, dailyTokens: 10 ** 9 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'targetId'], code: 'OWN_LIMIT' }]);
      // Raising one's own limit through a group one is in is setting one's own limit too; lowering it is not.
      const own = await group('Sam\'s team', [scoped.accountId]);
      expect((await as(scoped.token)(setLimit, { input: { level: 'GROUP', targetId: own, dailyTokens: 10 ** 9 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'dailyTokens'], code: 'OWN_LIMIT' }]);
      expect((await as(scoped.token)(setLimit, { input: { level: 'GROUP', targetId: own, dailyTokens: 0 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'dailyTokens'], code: 'OWN_LIMIT' }]);
      expect((await as(scoped.token)(setLimit, { input: { level: 'GROUP', targetId: own, dailyTokens: 5 } })).data.setTokenLimit.userErrors).toEqual([]);

      // An Admin caps a Viewer, never a Super Admin: with no other setting reaching them, it would be their only limit.
      const ada = await acme.member('ADMIN', 'Ada');
      expect((await as(ada.token)(setLimit, { input: { level: 'USER', targetId: viewer.accountId, dailyTokens: 10 } })).data.setTokenLimit.userErrors).toEqual([]);
      expect((await as(ada.token)(setLimit, { input: { level: 'USER', targetId: acme.admin.accountId, dailyTokens: 1 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'targetId'], code: 'TARGET_MORE_PRIVILEGED' }]);
      expect((await as(ada.token)(removeLimit, { input: { level: 'USER', targetId: acme.admin.accountId } })).data.removeTokenLimit.userErrors).toEqual([{ code: 'TARGET_MORE_PRIVILEGED' }]);
      expect((await as(ada.token)(setLimit, { input: { level: 'ORGANIZATION', dailyTokens: 1000 } })).data.setTokenLimit.userErrors).toEqual([]);

      const usageAdmin = await acme.member('USAGE_LIMITS_ADMINISTRATOR', 'Uma');
      expect(codes(await as(usageAdmin.token)(setLimit, { input: { level: 'USER', targetId: viewer.accountId, dailyTokens: 10 } }))).toEqual(['FORBIDDEN']);
      expect((await as(usageAdmin.token)(setLimit, { input: { level: 'ORGANIZATION', dailyTokens: 1000 } })).data.setTokenLimit.userErrors).toEqual([]);
      // An API key reports usage; it does not set limits.
      expect(codes(await withKey(setLimit, { input: { level: 'ORGANIZATION', dailyTokens: 1 } }))).toEqual(['FORBIDDEN']);
    });

    it('another organization\'s member, group or unit is answered like one that does not exist; bad values change nothing', async () => {
      const foreign = globex.admin.accountId;
      for (const [level, targetId] of [['USER', foreign], ['GROUP', foreign], ['UNIT', foreign], ['USER', 'no-such-member']]) {
        expect((await admin()(setLimit, { input: { level, targetId, dailyTokens: 5 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'targetId'], code: 'LIMIT_TARGET_NOT_FOUND' }]);
      }
      expect(codes(await admin()(setLimit, { input: { level: 'USER', targetId: 'x'.repeat(65), dailyTokens: 5 } }))).toEqual(['BAD_USER_INPUT']);
      expect(await explain(foreign)).toBeNull();
      expect((await admin()(setLimit, { input: { level: 'USER', targetId: ana.accountId, dailyTokens: -1 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'dailyTokens'], code: 'INVALID_LIMIT' }]);
      expect((await admin()(setLimit, { input: { level: 'ORGANIZATION', targetId: ana.accountId, dailyTokens: 1 } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'targetId'], code: 'INVALID_LIMIT' }]);
      expect((await admin()(setLimit, { input: { level: 'USER', targetId: ana.accountId, dailyTokens: 1, model: 'm'.repeat(129) } })).data.setTokenLimit.userErrors).toEqual([{ field: ['input', 'model'], code: 'INVALID_LIMIT' }]);
      expect((await explain(ana.accountId))).toMatchObject({ limit: 5000 });
      // Globex's own limits are its own.
      expect((await as(globex.admin.token)(effective, { userId: globex.admin.accountId })).data.effectiveTokenLimit).toMatchObject({ limit: null });
    });

    it('every change is audited as LIMIT_CHANGED with before and after', async () => {
      const entries = async () => (await admin()(audit)).data.auditLog.edges.map((e: Json) => e.node);
      for (let i = 0; i < 100 && !(await entries()).some((e: Json) => e.targetType === 'GROUP' && e.details.after === null); i++) await new Promise((r) => setTimeout(r, 50));
      const all = await entries();
      expect(all).toContainEqual({ actorId: acme.admin.accountId, targetType: 'ORGANIZATION', targetId: acme.id, details: { level: 'ORGANIZATION', model: null, before: null, after: { dailyTokens: 1000 } } });
      expect(all).toContainEqual({ actorId: acme.admin.accountId, targetType: 'USER', targetId: ana.accountId, details: { level: 'USER', model: null, before: null, after: { dailyTokens: 2000 } } });
      expect(all).toContainEqual({ actorId: acme.admin.accountId, targetType: 'GROUP', targetId: analysts, details: { level: 'GROUP', model: null, before: { dailyTokens: 3000 }, after: { dailyTokens: 0 } } });
      expect(all).toContainEqual({ actorId: acme.admin.accountId, targetType: 'GROUP', targetId: analysts, details: { level: 'GROUP', model: null, before: { dailyTokens: 0 }, after: null } });
      expect(all).toContainEqual({ actorId: acme.admin.accountId, targetType: 'UNIT', targetId: division, details: { level: 'UNIT', model: null, before: null, after: { dailyTokens: 5000 } } });
      expect((await as(globex.admin.token)(audit)).data.auditLog.edges).toEqual([]);
    });
  });

  describe('reservations', () => {
    let bo: SeededMember;
    beforeAll(async () => {
      bo = await acme.member('VIEWER', 'Bo');
      // The organization's default below every member limit set here, so that those decide (the most permissive wins).
      await set('ORGANIZATION', null, 100);
      await set('USER', bo.accountId, 1000);
    });

    it('hold while used + held + estimate fits, refuse with the numbers beyond it; the request id makes both idempotent; settling records the usage and releases the hold', async () => {
      const first = (await withKey(reserve, { input: { userId: bo.accountId, estimate: 600, requestId: 'bo-1' } })).data.reserveTokens;
      expect(first).toMatchObject({ hold: { status: 'OPEN', tokens: 600 }, limit: { limit: 1000, remaining: 400, allModels: { usedToday: 0, held: 600 } }, userErrors: [] });
      const again = (await withKey(reserve, { input: { userId: bo.accountId, estimate: 600, requestId: 'bo-1' } })).data.reserveTokens;
      expect(again.hold.id).toBe(first.hold.id);
      expect((await withKey(reserve, { input: { userId: bo.accountId, estimate: 601, requestId: 'bo-1' } })).data.reserveTokens.userErrors[0].code).toBe('REQUEST_ID_REUSED');
      const refused = (await withKey(reserve, { input: { userId: bo.accountId, estimate: 401, requestId: 'bo-2' } })).data.reserveTokens;
      expect(refused.hold).toBeNull();
      expect(refused.userErrors[0].code).toBe('LIMIT_EXCEEDED');
      expect(refused.userErrors[0].message).toContain('1000 tokens; used 0, held 600, asked 401, remaining 400');
      expect(refused.limit).toMatchObject({ limit: 1000, remaining: 400 });

      const event = { id: 'bo-call-1', occurredAt: new Date(clock.now()).toISOString(), computeType: 'LLM', provider: 'openai', model: 'gpt-4o', inputTokens: 250, outputTokens: 50, costMicroUsd: 10 };
      const settled = (await withKey(settle, { input: { holdId: first.hold.id, event } })).data.settleUsage;
      expect(settled).toEqual({ hold: { id: first.hold.id, status: 'SETTLED', settledEventId: 'bo-call-1' }, event: { status: 'RECORDED', overDailyLimit: false }, userErrors: [] });
      expect((await withKey(settle, { input: { holdId: first.hold.id, event } })).data.settleUsage).toMatchObject({ hold: { status: 'SETTLED' }, event: { status: 'DUPLICATE' } });
      expect((await withKey(settle, { input: { holdId: first.hold.id, event: { ...event, id: 'other' } } })).data.settleUsage.userErrors).toEqual([{ code: 'HOLD_SETTLED' }]);
      expect(await explain(bo.accountId)).toMatchObject({ usedToday: 300, remaining: 700, allModels: { held: 0 } });
      expect((await withKey(reserve, { input: { userId: bo.accountId, estimate: 700, requestId: 'bo-3' } })).data.reserveTokens.userErrors).toEqual([]);
    });

    it('a limit lowered mid-day applies to the next reservation; usage past the limit is still recorded, flagged', async () => {
      await set('USER', bo.accountId, 500);
      expect((await withKey(reserve, { input: { userId: bo.accountId, estimate: 1, requestId: 'bo-4' } })).data.reserveTokens.userErrors[0].code).toBe('LIMIT_EXCEEDED');
      expect(await use(bo.accountId, 400)).toEqual({ status: 'RECORDED', overDailyLimit: true });
      expect(await explain(bo.accountId)).toMatchObject({ usedToday: 700, remaining: 0 });
      // The dashboard marks the members over their limit today.
      const today = new Date(clock.now()).toISOString().slice(0, 10);
      const byUser = (await admin()('query($filter: UsageFilter!) { usage(filter: $filter) { byUser { user { id } overDailyLimit } } }', { filter: { from: today, to: today, timeZone: 'UTC' } })).data.usage.byUser;
      expect(byUser).toContainEqual({ user: { id: bo.accountId }, overDailyLimit: true });
      expect(byUser.find((u: Json) => u.user?.id !== bo.accountId)).toMatchObject({ overDailyLimit: false });
    });

    it('an unsettled hold expires on its own', async () => {
      const cy = await acme.member('VIEWER', 'Cy');
      await set('USER', cy.accountId, 100);
      expect((await withKey(reserve, { input: { userId: cy.accountId, estimate: 100, requestId: 'cy-1' } })).data.reserveTokens.userErrors).toEqual([]);
      expect((await withKey(reserve, { input: { userId: cy.accountId, estimate: 100, requestId: 'cy-2' } })).data.reserveTokens.userErrors[0].code).toBe('LIMIT_EXCEEDED');
      clock.advance(61_000);
      expect((await withKey(reserve, { input: { userId: cy.accountId, estimate: 100, requestId: 'cy-1' } })).data.reserveTokens.hold.status).toBe('EXPIRED');
      expect((await withKey(reserve, { input: { userId: cy.accountId, estimate: 100, requestId: 'cy-3' } })).data.reserveTokens.userErrors).toEqual([]);
    });

    it('200 concurrent reservations against 10 calls\' worth of headroom grant exactly 10', async () => {
      const dee = await acme.member('VIEWER', 'Dee');
      await set('USER', dee.accountId, 1000);
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => withKey(reserve, { input: { userId: dee.accountId, estimate: 100, requestId: `dee-${i}` } })));
      for (const a of answers) expect(a.errors).toBeUndefined();
      const granted = answers.filter((a) => a.data.reserveTokens.hold !== null);
      expect(granted).toHaveLength(10);
      expect(answers.filter((a) => a.data.reserveTokens.userErrors[0]?.code === 'LIMIT_EXCEEDED')).toHaveLength(190);
      expect(await explain(dee.accountId)).toMatchObject({ remaining: 0, allModels: { held: 1000 } });
    });

    it('people cannot reserve; another organization\'s member is unknown; bad requests are userErrors', async () => {
      expect(codes(await admin()(reserve, { input: { userId: bo.accountId, estimate: 1, requestId: 'p' } }))).toEqual(['FORBIDDEN']);
      expect((await withKey(reserve, { input: { userId: globex.admin.accountId, estimate: 1, requestId: 'g' } })).data.reserveTokens.userErrors[0].code).toBe('USER_NOT_FOUND');
      for (const input of [{ estimate: 0, requestId: 'z' }, { estimate: 1, requestId: '' }, { estimate: 1, requestId: 'r'.repeat(129) }]) {
        expect((await withKey(reserve, { input: { userId: bo.accountId, ...input } })).data.reserveTokens.userErrors[0].code).toBe('INVALID_RESERVATION');
      }
      expect((await withKey(settle, { input: { holdId: 'nope', event: { id: 'e', occurredAt: new Date(clock.now()).toISOString(), computeType: 'LLM' } } })).data.settleUsage.userErrors).toEqual([{ code: 'HOLD_NOT_FOUND' }]);
    });
  });

  describe('the organization\'s day', () => {
    it('resets at the zone\'s midnight with no job running, and a zone change moves "today"', async () => {
      const eve = await acme.member('VIEWER', 'Eve');
      await set('USER', eve.accountId, 1000);
      expect((await admin()('mutation { updateUsageSettings(input: { timeZone: "Asia/Kathmandu" }) { userErrors { code } } }')).data.updateUsageSettings.userErrors).toEqual([]);
      await use(eve.accountId, 900);
      const before = await explain(eve.accountId);
      expect(before).toMatchObject({ usedToday: 900, remaining: 100, timeZone: 'Asia/Kathmandu' });
      // Kathmandu's midnight is at 18:15 UTC.
      expect(new Date(before.resetsAt).getUTCHours() * 60 + new Date(before.resetsAt).getUTCMinutes()).toBe(18 * 60 + 15);
      clock.advance(new Date(before.resetsAt).getTime() - clock.now() - 1000);
      expect(await explain(eve.accountId)).toMatchObject({ date: before.date, usedToday: 900 });
      clock.advance(2000);
      const after = await explain(eve.accountId);
      expect(after.date > before.date).toBe(true);
      expect(after).toMatchObject({ usedToday: 0, remaining: 1000 });
      expect((await withKey(reserve, { input: { userId: eve.accountId, estimate: 1000, requestId: 'eve-1' } })).data.reserveTokens.userErrors).toEqual([]);
    });

    it('previewLimitChange: who would be over a proposed limit today, and by how much', async () => {
      const fay = await acme.member('VIEWER', 'Fay');
      await set('USER', fay.accountId, 0);
      await use(fay.accountId, 800);
      const dry = (await admin()(preview, { input: { level: 'USER', targetId: fay.accountId, dailyTokens: 500 } })).data.previewLimitChange;
      expect(dry).toEqual({ membersReached: 1, overLimit: [{ user: { id: fay.accountId }, usedToday: 800, limitNow: null, limitAfter: 500, overBy: 300 }], userErrors: [] });
      expect(await explain(fay.accountId)).toMatchObject({ limit: null });
      const own = (await admin()(preview, { input: { level: 'USER', targetId: acme.admin.accountId, dailyTokens: 5 } })).data.previewLimitChange;
      expect(own.userErrors).toEqual([{ code: 'OWN_LIMIT' }]);
    });
  });

  describe('housekeeping', () => {
    it('finished holds are kept a week (a retry answers them), then removed; open ones stay', async () => {
      const jo = await acme.member('VIEWER', 'Jo');
      await set('USER', jo.accountId, 10 ** 6);
      const hold = async (requestId: string) => (await withKey(reserve, { input: { userId: jo.accountId, estimate: 5, requestId } })).data.reserveTokens.hold;
      const settled = await hold('jo-settled');
      expect((await withKey(settle, { input: { holdId: settled.id, event: { id: 'jo-call', occurredAt: new Date(clock.now()).toISOString(), computeType: 'LLM', costMicroUsd: 1 } } })).data.settleUsage.userErrors).toEqual([]);
      const expired = await hold('jo-expired');
      const dataSource = t.stack.apps.metering.dataSource;
      clock.advance(6 * 86_400_000);
      const open = await hold('jo-open');
      await pruneFinishedHolds(dataSource, clock.now());
      expect((await hold('jo-settled')).id).toBe(settled.id);
      expect((await hold('jo-expired')).id).toBe(expired.id);
      clock.advance(2 * 86_400_000);
      const pruned = await pruneFinishedHolds(dataSource, clock.now());
      expect(pruned.holds).toBeGreaterThanOrEqual(2);
      // Gone: the request ids are new again; the hold made six days later expired only a day ago and stays.
      expect((await hold('jo-settled')).id).not.toBe(settled.id);
      expect((await hold('jo-expired')).id).not.toBe(expired.id);
      expect((await hold('jo-open')).id).toBe(open.id);
    });
  });

  describe('deletions', () => {
    it('a deleted group\'s limits go with it, and so do a deleted member\'s own', async () => {
      const ivy = await acme.member('VIEWER', 'Ivy');
      const doomed = await group('Doomed', [ivy.accountId]);
      await set('GROUP', doomed, 4242);
      await set('USER', ivy.accountId, 4343);
      const listed = async () => (await admin()('{ tokenLimits { level targetId dailyTokens } }')).data.tokenLimits as Json[];
      expect(await listed()).toEqual(expect.arrayContaining([{ level: 'GROUP', targetId: doomed, dailyTokens: 4242 }, { level: 'USER', targetId: ivy.accountId, dailyTokens: 4343 }]));
      expect((await admin()('mutation($input: GroupIdInput!) { deleteGroup(input: $input) { userErrors { code } } }', { input: { groupId: doomed } })).data.deleteGroup.userErrors).toEqual([]);
      expect((await admin()('mutation($input: DeleteUserInput!) { deleteUser(input: $input) { userErrors { code } } }', { input: { userId: ivy.accountId } })).data.deleteUser.userErrors).toEqual([]);
      for (let i = 0; i < 100 && (await listed()).some((l) => l.targetId === doomed || l.targetId === ivy.accountId); i++) await new Promise((r) => setTimeout(r, 50));
      expect((await listed()).filter((l) => l.targetId === doomed || l.targetId === ivy.accountId)).toEqual([]);
    });
  });

  describe('thresholds', () => {
    it('tokenLimitReached tells the member and the limit admins once a day when 80% and 100% are crossed, never another organization', async () => {
      const gus = await acme.member('VIEWER', 'Gus');
      const other = await acme.member('VIEWER', 'Hal');
      await set('USER', gus.accountId, 1000);
      const alerts = 'subscription { tokenLimitReached { user { id } model percent limit usedToday date } }';
      const own = ws.watch(ws.connect({ token: gus.token }), alerts);
      const admins = ws.watch(ws.connect({ token: acme.admin.token }), alerts);
      const bystander = ws.watch(ws.connect({ token: other.token }), alerts);
      const foreign = ws.watch(ws.connect({ token: globex.admin.token }), alerts);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await use(gus.accountId, 500, 'o3');
      await use(gus.accountId, 350, 'o3');
      await until(() => own.events.length >= 1 && admins.events.length >= 1)
      const eighty = { user: { id: gus.accountId }, model: null, percent: 80, limit: 1000, usedToday: 850 };
      expect(own.events.map((e) => e.data.tokenLimitReached)).toMatchObject([eighty]);
      await use(gus.accountId, 100, 'o3');
      expect((await use(gus.accountId, 100, 'o3')).overDailyLimit).toBe(true);
      await use(gus.accountId, 100, 'o3');
      await until(() => own.events.length >= 2 && admins.events.length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const hundred = { user: { id: gus.accountId }, model: null, percent: 100, limit: 1000, usedToday: 1050 };
      for (const watched of [own, admins]) expect(watched.events.map((e) => e.data.tokenLimitReached)).toMatchObject([eighty, hundred]);
      expect(bystander.events).toEqual([]);
      expect(foreign.events).toEqual([]);
      for (const watched of [own, admins, bystander, foreign]) expect(watched.errors).toEqual([]);
    });
  });
});
