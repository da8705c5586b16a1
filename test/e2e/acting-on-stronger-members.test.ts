import { SeededMember, SeededOrganization, SmtpListener } from '@gatehouse/shared/testing';
import { FieldCandidates, createdId, inputsFor, mutationDocument, mutationShapes } from '../support/mutation-inputs';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Mutations that name a member to act on, read from the schema: a new one is covered the day it is added.
 * One names the member through another object, which the schema cannot say: applying an inquiry's request
 * acts on its author.
 */
const actingThroughAnInquiry = ['applyInquiryRequest'];
const actingOnMembers = mutationShapes().filter((m) => m.fields.some((f) => f.name === 'userId' || f.name === 'userIds' || f.name === 'targetId') || actingThroughAnInquiry.includes(m.name));

describe('nobody acts on a member who holds more than they do', () => {
  const smtp = new SmtpListener();
  let t: TestStack;
  let acme: SeededOrganization;
  let owner: SeededMember;
  let secondSuperAdmin: SeededMember;
  let admin: SeededMember;
  const fixture: Record<string, string> = {};
  /** Inquiries each member sent asking for something for themselves (a role, a group, a daily token limit). */
  const requestsBy: Record<string, string[]> = {};
  const ask = async (token: string, requests: Record<string, unknown>[]) =>
    Promise.all(requests.map(async (request) => {
      const sent = await t.gql('mutation($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { id } userErrors { code } } }', { input: { title: 'For me', message: 'Please', ...request } }, token);
      if (!sent.data?.sendInquiry.inquiry) throw new Error(`fixture failed: ${JSON.stringify(sent)}`);
      return sent.data.sendInquiry.inquiry.id as string;
    }));
  const asOwner = (query: string, variables: Json = {}) => t.gql(query, variables, owner.token);

  beforeAll(async () => {
    t = await startTestStack({ SMTP_URL: await smtp.start() });
    acme = await t.seed.organization('Acme');
    owner = acme.admin;
    secondSuperAdmin = await acme.member('SUPER_ADMIN', 'Sam');
    admin = await acme.member('ADMIN', 'Ada');
    const created = (mutation: string, path: string[]) => createdId(asOwner, mutation, path);
    fixture.viewerRole = await acme.roleId('VIEWER');
    fixture.editorRole = await acme.roleId('EDITOR');
    // Weak things an Admin may hand out, which the two Super Admins already have (to take away) or not (to give).
    fixture.heldGroup = await created('mutation { createGroup(input: { name: "Readers", grants: [{ area: PROMPTS, level: READ }] }) { group { id } } }', ['createGroup', 'group', 'id']);
    fixture.otherGroup = await created('mutation { createGroup(input: { name: "Writers", grants: [{ area: PROMPTS, level: WRITE }] }) { group { id } } }', ['createGroup', 'group', 'id']);
    fixture.heldProfile = await created(`mutation { createSecurityProfile(input: { name: "Reading", roleIds: ["${fixture.viewerRole}"] }) { profile { id } } }`, ['createSecurityProfile', 'profile', 'id']);
    fixture.otherProfile = await created(`mutation { createSecurityProfile(input: { name: "Editing", roleIds: ["${fixture.editorRole}"] }) { profile { id } } }`, ['createSecurityProfile', 'profile', 'id']);
    fixture.heldUnit = await created('mutation { createOrganizationalUnit(input: { name: "Head Office" }) { unit { id } } }', ['createOrganizationalUnit', 'unit', 'id']);
    fixture.otherUnit = await created('mutation { createOrganizationalUnit(input: { name: "Branch" }) { unit { id } } }', ['createOrganizationalUnit', 'unit', 'id']);
    for (const target of [owner, secondSuperAdmin]) {
      if (target !== owner) await asOwner('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: target.accountId, roleId: fixture.viewerRole } });
      await asOwner('mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { userErrors { code } } }', { input: { groupId: fixture.heldGroup, userIds: [target.accountId] } });
      await asOwner('mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { userErrors { code } } }', { input: { unitId: fixture.heldUnit, userId: target.accountId } });
      if (target !== owner) await asOwner('mutation($input: SecurityProfileChangeInput!) { assignSecurityProfile(input: $input) { userErrors { code } } }', { input: { profileId: fixture.heldProfile, userId: target.accountId } });
    }
  });
  beforeAll(async () => {
    for (const target of [owner, secondSuperAdmin]) {
      requestsBy[target.accountId] = await ask(target.token, [
        { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedRoleId: fixture.editorRole },
        { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedGroupId: fixture.otherGroup },
        { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', requestedDailyTokens: 1 },
      ]);
    }
  });
  afterAll(async () => {
    await t.stop();
    await smtp.stop();
  });

  /** The values an Admin would try; taking away uses what the target holds, giving what they do not. */
  function candidates(mutation: string, target: SeededMember): FieldCandidates {
    const takingAway = /^(revoke|remove)/.test(mutation);
    return {
      userId: [target.accountId],
      userIds: [[target.accountId]],
      roleId: [takingAway ? fixture.viewerRole : fixture.editorRole],
      profileId: [takingAway ? fixture.heldProfile : fixture.otherProfile],
      groupId: [takingAway ? fixture.heldGroup : fixture.otherGroup],
      unitId: [takingAway ? fixture.heldUnit : fixture.otherUnit],
      status: ['PENDING'],
      // A daily token limit set on the member (targetId names them at level USER).
      targetId: [target.accountId],
      level: ['USER'],
      dailyTokens: [1],
      // reserveTokens: a platform service's call, refused to people.
      estimate: [1],
      requestId: [`stronger-${target.accountId.slice(0, 8)}`],
      // applyInquiryRequest: the member's own inquiries asking for a role, a group, a limit.
      inquiryId: requestsBy[target.accountId] ?? [],
      // updateUser: the account takeover (credentials), and a plain profile edit.
      ...(mutation === 'updateUser' ? { email: [null, `taken.over.${target.accountId.slice(0, 8)}@example.com`], password: [null, 'taken over password'], jobTitle: ['Intern'] } : {}),
    };
  }

  it('an Admin succeeds with no mutation naming a Super Admin or the first user, and both keep their access', async () => {
    expect(actingOnMembers.map((m) => m.name).sort()).toEqual(expect.arrayContaining(['assignRole', 'deleteUser', 'endUserSessions', 'setMembershipStatus', 'updateUser', 'addUnitMember', 'setTokenLimit', 'removeTokenLimit', 'applyInquiryRequest']));
    const succeeded: string[] = [];
    let tried = 0;
    for (const shape of actingOnMembers) {
      for (const target of [owner, secondSuperAdmin]) {
        for (const input of inputsFor(shape, candidates(shape.name, target))) {
          tried += 1;
          const response = await t.gql(mutationDocument(shape), { input }, admin.token);
          const payload = response.data?.[shape.name];
          if (!response.errors && payload && payload.userErrors.length === 0) succeeded.push(`${shape.name} ${JSON.stringify(input)}`);
        }
      }
    }
    expect(succeeded).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(actingOnMembers.length * 2);
    // Their credentials, sessions, status and roles are as they were.
    for (const target of [owner, secondSuperAdmin]) {
      const token = await t.seed.logIn(target.email, target.password);
      const me = await t.gql('{ viewer { membershipStatus roles { key } can(area: BILLING, level: WRITE) } }', {}, token);
      expect(me.data!.viewer).toMatchObject({ membershipStatus: 'ACTIVE', can: true });
      expect(me.data!.viewer.roles.map((r: Json) => r.key)).toContain('SUPER_ADMIN');
      expect((await t.gql('{ viewer { id } }', {}, target.token)).data!.viewer.id).toBe(target.accountId);
    }
  });

  it('every mutation naming a user answers another organization\'s member exactly like a nonexistent one, even for a Super Admin', async () => {
    const globex = await t.seed.organization('Globex');
    // Another organization's inquiries asking for something for their author, and as many that exist nowhere.
    requestsBy[globex.admin.accountId] = await ask(globex.admin.token, [{ type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedRoleId: await globex.roleId('EDITOR') }, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', requestedDailyTokens: 1 }]);
    requestsBy['00000000-0000-4000-8000-000000000000'] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
    const codes = (response: Json, name: string) => ({ errors: (response.errors ?? []).map((e: Json) => e.extensions?.code), userErrors: (response.data?.[name]?.userErrors ?? []).map((e: Json) => e.code) });
    const differing: string[] = [];
    const succeeded: string[] = [];
    for (const shape of actingOnMembers) {
      const foreign = { accountId: globex.admin.accountId } as SeededMember;
      const nobody = { accountId: '00000000-0000-4000-8000-000000000000' } as SeededMember;
      const [asForeign, asNobody] = [inputsFor(shape, candidates(shape.name, foreign)), inputsFor(shape, candidates(shape.name, nobody))];
      for (let i = 0; i < asForeign.length; i += 1) {
        const answers = [await t.gql(mutationDocument(shape), { input: asForeign[i] }, owner.token), await t.gql(mutationDocument(shape), { input: asNobody[i] }, owner.token)];
        const [foreignCodes, nobodyCodes] = answers.map((a) => codes(a, shape.name));
        if (JSON.stringify(foreignCodes) !== JSON.stringify(nobodyCodes)) differing.push(`${shape.name}: ${JSON.stringify(foreignCodes)} vs ${JSON.stringify(nobodyCodes)}`);
        if (foreignCodes.errors.length + foreignCodes.userErrors.length === 0) succeeded.push(`${shape.name} ${JSON.stringify(asForeign[i])}`);
      }
    }
    expect({ differing, succeeded }).toEqual({ differing: [], succeeded: [] });
    // Globex's owner is untouched: signs in, still Super Admin.
    const token = await t.seed.logIn(globex.admin.email, globex.admin.password);
    expect((await t.gql('{ viewer { membershipStatus can(area: BILLING, level: WRITE) } }', {}, token)).data!.viewer).toEqual({ membershipStatus: 'ACTIVE', can: true });
  });

  it('an Admin cannot take over the first user\'s account (the reported attack)', async () => {
    const attack = await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }', { input: { userId: owner.accountId, email: 'attacker@example.com', password: 'attacker password' } }, admin.token);
    expect(attack.data!.updateUser.userErrors.map((e: Json) => e.code)).toEqual(['FIRST_USER_LOCKED']);
    await expect(t.seed.logIn('attacker@example.com', 'attacker password')).rejects.toThrow();
    const sessions = await t.gql('mutation($input: EndUserSessionsInput!) { endUserSessions(input: $input) { endedSessions userErrors { code } } }', { input: { userId: owner.accountId } }, admin.token);
    expect(sessions.data!.endUserSessions).toEqual({ endedSessions: 0, userErrors: [{ code: 'TARGET_MORE_PRIVILEGED' }] });
  });

  it('only the first user changes the first user\'s credentials, even another Super Admin cannot', async () => {
    const byPeer = await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }', { input: { userId: owner.accountId, password: 'peer chosen password' } }, secondSuperAdmin.token);
    expect(byPeer.data!.updateUser.userErrors.map((e: Json) => e.code)).toEqual(['FIRST_USER_LOCKED']);
    const profile = await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { jobTitle } userErrors { code } } }', { input: { userId: owner.accountId, jobTitle: 'Founder' } }, secondSuperAdmin.token);
    expect(profile.data!.updateUser).toEqual({ user: { jobTitle: 'Founder' }, userErrors: [] });
  });

  it('a deactivated Super Admin is still out of an Admin\'s reach', async () => {
    const dormant = await acme.member('SUPER_ADMIN', 'Dora');
    await asOwner('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: dormant.accountId, status: 'PENDING' } });
    const reset = await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }', { input: { userId: dormant.accountId, password: 'attacker password' } }, admin.token);
    expect(reset.data!.updateUser.userErrors.map((e: Json) => e.code)).toEqual(['TARGET_MORE_PRIVILEGED']);
    const activate = await t.gql('mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }', { input: { userId: dormant.accountId, status: 'ACTIVE' } }, admin.token);
    expect(activate.data!.setMembershipStatus.userErrors.map((e: Json) => e.code)).toEqual(['TARGET_MORE_PRIVILEGED']);
  });

  it('changing another member\'s e-mail or password ends their sessions and tells them by mail', async () => {
    const editor = await acme.member('EDITOR', 'Eve');
    const changed = await t.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }', { input: { userId: editor.accountId, email: `eve.new.${Date.now()}@example.com` } }, admin.token);
    expect(changed.data!.updateUser.userErrors).toEqual([]);
    const after = await t.gql('{ viewer { id } }', {}, editor.token);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 50 && smtp.to(editor.email).length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(editor.email).map((m) => m.raw).join('\n')).toContain('Subject: Your Gatehouse sign-in e-mail address was changed');
  });
});
