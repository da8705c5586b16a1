import { Repository } from 'typeorm';
import { AdjustableClock, adjustableClock } from '@gatehouse/shared';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dayMs = 24 * 60 * 60 * 1000;
const invitationFields = 'id email status sentAt expiresAt expiryDays';
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { ${invitationFields} } userErrors { field code message } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { ${invitationFields} } userErrors { field code message } } }`;
const bulkMutation = `mutation($input: InviteTeammatesInput!) { inviteTeammates(input: $input) { created rows { status invitation { ${invitationFields} } } userErrors { field code message } } }`;
const settingsQuery = '{ invitationSettings { expiryDays } }';
const updateSettings = 'mutation($input: UpdateInvitationSettingsInput!) { updateInvitationSettings(input: $input) { settings { expiryDays } userErrors { field code message } } }';

/** The resend throttle, the hourly creation limit and the expiry setting, with small limits and a test clock. */
describe('invitation limits and settings through the gateway', () => {
  const perHour = 5;
  let t: TestStack;
  let clock: AdjustableClock;
  let rows: Repository<Invitation>;
  let primary: SeededOrganization;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;
  const as = (who: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, who.token) as Promise<Json>;
  const invite = async (who: SeededMember, email: string) => (await as(who)(inviteMutation, { input: { email } })).data.inviteTeammate as Json;
  const invited = async (who: SeededMember, email: string) => {
    const payload = await invite(who, email);
    expect(payload.userErrors).toEqual([]);
    return payload.invitation as Json;
  };
  const resend = async (who: SeededMember, id: string) => (await as(who)(resendMutation, { input: { id } })).data.resendInvitation as Json;
  const snapshot = async (organizationId: string) => (await rows.find({ where: { organizationId }, order: { id: 'ASC' } })).map((r) => ({ ...r, sentAt: r.sentAt.getTime(), expiresAt: r.expiresAt.getTime() }));
  /** A fresh organization: the hourly limit is per organization, so each test has its own. */
  let orgs = 0;
  const organization = () => t.seed.organization(`Org${(orgs += 1)}`);

  beforeAll(async () => {
    clock = adjustableClock();
    t = await startTestStack({ OUTBOX_POLL_MS: '600000', INVITATION_RESEND_INTERVAL_SECONDS: '60', INVITATIONS_PER_HOUR: String(perHour) }, { clock });
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    // The first organization takes self sign-ups: members of lower roles join it.
    primary = await t.seed.organization('Primary');
  });
  afterAll(() => t.stop());

  it('allows the first resend at once, then one resend per 60 s, answering RESEND_TOO_SOON with when and changing nothing', async () => {
    const org = await organization();
    const invitation = await invited(org.admin, address('resend'));
    expect((await resend(org.admin, invitation.id)).userErrors).toEqual([]);
    const before = await snapshot(org.id);
    clock.advance(30_000);
    const tooSoon = await resend(org.admin, invitation.id);
    expect(tooSoon).toEqual({ invitation: null, userErrors: [{ field: ['input', 'id'], code: 'RESEND_TOO_SOON', message: expect.stringMatching(/in (30|31) s \(after \d{4}-\d\d-\d\dT/) }] });
    expect(await snapshot(org.id)).toEqual(before);
    clock.advance(31_000);
    const again = await resend(org.admin, invitation.id);
    expect(again.userErrors).toEqual([]);
    expect(Date.parse(again.invitation.sentAt)).toBeGreaterThanOrEqual(before[0].sentAt + 61_000);
  });

  it('lets exactly one of simultaneous resends through', async () => {
    const org = await organization();
    const invitation = await invited(org.admin, address('race'));
    expect((await resend(org.admin, invitation.id)).userErrors).toEqual([]);
    clock.advance(61_000);
    const answers = await Promise.all(Array.from({ length: 8 }, () => resend(org.admin, invitation.id)));
    const outcomes = answers.map((a) => a.userErrors.map((e: Json) => e.code).join(',') || 'RESENT');
    expect(outcomes.filter((o) => o === 'RESENT')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'RESENT')).toEqual(Array(7).fill('RESEND_TOO_SOON'));
  });

  it(`creates at most ${perHour} invitations per organization in a rolling hour, single and bulk; refused ones create nothing`, async () => {
    const org = await organization();
    const other = await organization();
    for (let i = 0; i < perHour - 2; i += 1) await invited(org.admin, address('limit'));
    const bulkTooMany = (await as(org.admin)(bulkMutation, { input: { invitations: [{ email: address('b') }, { email: address('b') }, { email: address('b') }] } })).data.inviteTeammates;
    expect(bulkTooMany).toEqual({ created: 0, rows: [], userErrors: [{ field: ['input'], code: 'RATE_LIMITED', message: expect.stringMatching(/5 invitations per hour; try again after \d{4}-/) }] });
    const dryRun = (await as(org.admin)(bulkMutation, { input: { dryRun: true, invitations: [{ email: address('b') }, { email: address('b') }, { email: address('b') }] } })).data.inviteTeammates;
    expect(dryRun.userErrors.map((e: Json) => e.code)).toEqual(['RATE_LIMITED']);
    const bulkFits = (await as(org.admin)(bulkMutation, { input: { invitations: [{ email: address('b') }, { email: address('b') }] } })).data.inviteTeammates;
    expect(bulkFits.created).toBe(2);
    const before = await snapshot(org.id);
    expect(before).toHaveLength(perHour);
    const refused = await invite(org.admin, address('limit'));
    expect(refused).toEqual({ invitation: null, userErrors: [{ field: ['input'], code: 'RATE_LIMITED', message: expect.any(String) }] });
    expect(await snapshot(org.id)).toEqual(before);
    // Another organization has its own hour; resends do not count.
    await invited(other.admin, address('other'));
    expect((await resend(org.admin, before[0].id)).userErrors).toEqual([]);
    // An hour later the first ones have aged out.
    clock.advance(60 * 60 * 1000 + 1000);
    await invited(org.admin, address('later'));
  });

  it('does not let simultaneous invites pass the hourly limit', async () => {
    const org = await organization();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => invite(org.admin, `burst${i}.${counter}@example.com`)));
    const outcomes = answers.map((a) => a.userErrors.map((e: Json) => e.code).join(',') || 'SENT');
    expect(outcomes.filter((o) => o === 'SENT')).toHaveLength(perHour);
    expect(outcomes.filter((o) => o !== 'SENT')).toEqual(Array(12 - perHour).fill('RATE_LIMITED'));
    expect(await rows.countBy({ organizationId: org.id })).toBe(perHour);
  });

  it('keeps a per-organization expiry (7 days unless changed, 1 to 30) that new invitations follow and store', async () => {
    const org = await organization();
    const other: SeededOrganization = await organization();
    expect((await as(org.admin)(settingsQuery)).data.invitationSettings).toEqual({ expiryDays: 7 });
    const sevenDays = await invited(org.admin, address('seven'));
    expect(sevenDays.expiryDays).toBe(7);
    for (const expiryDays of [0, 31, -1]) {
      const refused = (await as(org.admin)(updateSettings, { input: { expiryDays } })).data.updateInvitationSettings;
      expect(refused).toEqual({ settings: null, userErrors: [{ field: ['input', 'expiryDays'], code: 'EXPIRY_OUT_OF_RANGE', message: expect.any(String) }] });
    }
    expect((await as(org.admin)(settingsQuery)).data.invitationSettings).toEqual({ expiryDays: 7 });
    const updated = (await as(org.admin)(updateSettings, { input: { expiryDays: 3 } })).data.updateInvitationSettings;
    expect(updated).toEqual({ settings: { expiryDays: 3 }, userErrors: [] });
    expect((await as(org.admin)(settingsQuery)).data.invitationSettings).toEqual({ expiryDays: 3 });
    expect((await as(other.admin)(settingsQuery)).data.invitationSettings).toEqual({ expiryDays: 7 });

    // The test clock is two days ahead: sentAt and expiresAt follow it.
    clock.advance(2 * dayMs);
    const threeDays = await invited(org.admin, address('three'));
    expect(threeDays.expiryDays).toBe(3);
    expect(Math.abs(Date.parse(threeDays.sentAt) - clock.now())).toBeLessThan(5_000);
    expect(Date.parse(threeDays.expiresAt) - Date.parse(threeDays.sentAt)).toBe(3 * dayMs);
    expect((await rows.findOneByOrFail({ id: threeDays.id })).expiryDays).toBe(3);
    const fromBulk = (await as(org.admin)(bulkMutation, { input: { invitations: [{ email: address('bulk3') }] } })).data.inviteTeammates;
    expect(fromBulk.rows[0].invitation.expiryDays).toBe(3);
    // An invitation keeps the days it was sent with when resent.
    const resent = await resend(org.admin, sevenDays.id);
    expect(Date.parse(resent.invitation.expiresAt) - Date.parse(resent.invitation.sentAt)).toBe(7 * dayMs);
    // Past its 3 days it is EXPIRED, with no job run.
    clock.advance(3 * dayMs + 1000);
    const list = (await as(org.admin)('query($filter: InvitationFilter) { invitations(first: 10, filter: $filter) { edges { node { id } } } }', { filter: { status: 'EXPIRED' } })).data.invitations;
    expect(list.edges.map((e: Json) => e.node.id).sort()).toEqual([threeDays.id, fromBulk.rows[0].invitation.id].sort());
  });

  it('takes Team Members WRITE in the organization to change the setting (not in a space only); READ to see it', async () => {
    const editor = await primary.member('EDITOR', 'Eddie');
    const spaceAdmin = await primary.member(null, 'Sarah');
    const space = (await as(primary.admin)('mutation { createSpace(input: { name: "Ops" }) { space { id } } }')).data.createSpace.space.id;
    const assigned = await as(primary.admin)('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: spaceAdmin.accountId, roleId: await primary.roleId('ADMIN'), spaceId: space } });
    expect(assigned.data.assignRole.userErrors).toEqual([]);
    const pending = await t.seed.signUp({ name: 'Pending' });
    expect((await as(editor)(settingsQuery)).data.invitationSettings).toEqual({ expiryDays: 7 });
    for (const who of [editor, spaceAdmin, pending]) {
      const refused = await as(who)(updateSettings, { input: { expiryDays: 5 } });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await as(pending)(settingsQuery)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await as(primary.admin)(settingsQuery)).data.invitationSettings).toEqual({ expiryDays: 7 });
  });
});
