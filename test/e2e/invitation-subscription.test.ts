import { In } from 'typeorm';
import { adjustableClock } from '@gatehouse/shared';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { ExpirySweep } from '../../subgraphs/invitations/src/modules/live/expiry-sweep';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';
import { SubscriptionClients, endOf, settle, until } from '../support/subscription-clients';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dayMs = 24 * 60 * 60 * 1000;
const changes = `subscription { invitationChanged { change changedAt invitation { id email status expiresAt role { id name } space { id name } invitedBy { id email } } } }`;
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id expiresAt } userErrors { code } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { id expiresAt } userErrors { code } } }`;
const revokeMutation = `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { id } userErrors { code } } }`;

/** invitationChanged through the gateway with a real graphql-ws client, on a clock the test moves. */
describe('the invitationChanged subscription', () => {
  const clock = adjustableClock();
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let marketing: string;
  let editorRole: string;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  const watch = (member: SeededMember) => ws.watch(ws.connect({ token: member.token }), changes);
  const as = (member: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, member.token) as Promise<Json>;
  const invited = async (member: SeededMember, input: Json) => {
    const response = await as(member)(inviteMutation, { input });
    expect(response.data.inviteTeammate.userErrors).toEqual([]);
    return response.data.inviteTeammate.invitation as Json;
  };
  const of = (events: Json[], id: string) => events.map((e) => e.data.invitationChanged).filter((c: Json) => c.invitation.id === id);

  beforeAll(async () => {
    t = await startTestStack({}, { clock });
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    editorRole = await acme.roleId('EDITOR');
    marketing = (await as(acme.admin)('mutation { createSpace(input: { name: "Marketing" }) { space { id } } }')).data.createSpace.space.id;
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('delivers SENT, RESENT and REVOKED with the invitation\'s role, space and inviter resolved from the other subgraphs', async () => {
    const watching = watch(acme.admin);
    await settle();
    const email = address('grace');
    const invitation = await invited(acme.admin, { email, roleId: editorRole, spaceId: marketing });
    await until(() => of(watching.events, invitation.id).length >= 1);
    const resent = await as(acme.admin)(resendMutation, { input: { id: invitation.id } });
    expect(resent.data.resendInvitation.userErrors).toEqual([]);
    await until(() => of(watching.events, invitation.id).length >= 2);
    expect((await as(acme.admin)(revokeMutation, { input: { id: invitation.id } })).data.revokeInvitation.userErrors).toEqual([]);
    await until(() => of(watching.events, invitation.id).length >= 3);
    expect(watching.errors).toEqual([]);
    const shown = { id: invitation.id, email, role: { id: editorRole, name: 'Editor' }, space: { id: marketing, name: 'Marketing' }, invitedBy: { id: acme.admin.accountId, email: acme.admin.email } };
    expect(of(watching.events, invitation.id)).toEqual([
      { change: 'SENT', changedAt: expect.any(String), invitation: { ...shown, status: 'PENDING', expiresAt: invitation.expiresAt } },
      { change: 'RESENT', changedAt: expect.any(String), invitation: { ...shown, status: 'PENDING', expiresAt: resent.data.resendInvitation.invitation.expiresAt } },
      { change: 'REVOKED', changedAt: expect.any(String), invitation: { ...shown, status: 'REVOKED', expiresAt: resent.data.resendInvitation.invitation.expiresAt } },
    ]);
  });

  it('delivers EXPIRED once when an invitation\'s 7 days pass, and again only after a resend gave it a new expiry', async () => {
    const watching = watch(acme.admin);
    await settle();
    const invitation = await invited(acme.admin, { email: address('late') });
    await until(() => of(watching.events, invitation.id).length >= 1);
    clock.advance(7 * dayMs + 60_000);
    await until(() => of(watching.events, invitation.id).length >= 2);
    // Several sweeps later (every OUTBOX_POLL_MS), still told once.
    await settle(1000);
    expect(of(watching.events, invitation.id).map((c) => [c.change, c.invitation.status])).toEqual([
      ['SENT', 'PENDING'],
      ['EXPIRED', 'EXPIRED'],
    ]);
    expect((await as(acme.admin)(resendMutation, { input: { id: invitation.id } })).data.resendInvitation.userErrors).toEqual([]);
    clock.advance(7 * dayMs + 60_000);
    await until(() => of(watching.events, invitation.id).length >= 4);
    await settle(600);
    expect(of(watching.events, invitation.id).map((c) => c.change)).toEqual(['SENT', 'EXPIRED', 'RESENT', 'EXPIRED']);
  });

  it('announces each expiry exactly once even with two sweepers over one database (two instances)', async () => {
    const app = t.stack.apps.invitations;
    const rows = app.dataSource.getRepository(Invitation);
    // Two sweepers whose clock is 8 days ahead (the subgraph's own sweep, on the stack's clock, sees these as pending).
    const ids = await Promise.all(Array.from({ length: 5 }, async () => (await invited(acme.admin, { email: address('race') })).id as string));
    const announced: string[] = [];
    const sweepers = [0, 1].map(() => new ExpirySweep({ dataSource: app.dataSource, now: () => clock.now() + 8 * dayMs, announce: (i) => void announced.push(i.id), pollMs: 60_000 }));
    await Promise.all([...sweepers.map((s) => s.sweep()), ...sweepers.map((s) => s.sweep())]);
    const ours = announced.filter((id) => ids.includes(id));
    // Four passes racing over the same rows: each invitation claimed, and announced, exactly once.
    expect(ours.sort()).toEqual([...ids].sort());
    expect((await rows.findBy({ id: In(ids) })).every((r) => r.expiryAnnouncedAt)).toBe(true);
  });

  it('never delivers another organization\'s changes', async () => {
    const ours = watch(acme.admin);
    const theirs = watch(globex.admin);
    await settle();
    const globexInvite = await invited(globex.admin, { email: address('globex') });
    const acmeInvite = await invited(acme.admin, { email: address('acme') });
    await until(() => of(theirs.events, globexInvite.id).length >= 1 && of(ours.events, acmeInvite.id).length >= 1);
    await settle();
    expect(theirs.events.map((e) => e.data.invitationChanged.invitation.id)).toEqual([globexInvite.id]);
    // Acme's subscriber may share the stream an earlier test's admin subscription opened (alike
    // subscribers share one), so it can hear Acme's own earlier changes still on their way; never Globex's.
    const oursHeard = ours.events.map((e) => e.data.invitationChanged.invitation.id);
    expect(oursHeard).toContain(acmeInvite.id);
    expect(oursHeard).not.toContain(globexInvite.id);
  });

  it('is refused without Team Members READ, and ends with FORBIDDEN when the viewer loses it', async () => {
    const created = await as(acme.admin)('mutation { createRole(input: { name: "Prompter", grants: [{ area: PROMPTS, level: READ }] }) { role { id } userErrors { code } } }');
    const prompter = created.data.createRole.role.id;
    const member = await acme.member(null, 'Pat');
    const roleChange = (mutation: string, roleId: string) => as(acme.admin)(`mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId: member.accountId, roleId } });
    // A Viewer reads Team Members: it may watch.
    const allowed = watch(member);
    await settle();
    const seen = await invited(acme.admin, { email: address('seen') });
    await until(() => of(allowed.events, seen.id).length >= 1);
    expect(of(allowed.events, seen.id).map((c) => c.change)).toEqual(['SENT']);
    expect((await roleChange('assignRole', prompter)).data.assignRole.userErrors).toEqual([]);
    expect((await roleChange('revokeRole', await acme.roleId('VIEWER'))).data.revokeRole.userErrors).toEqual([]);
    await endOf(allowed);
    expect(JSON.stringify(allowed.errors)).toContain('FORBIDDEN');
    // A new connection (the member's permissions now lack Team Members READ) is refused at once.
    const refused = watch(member);
    await endOf(refused);
    expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN');
    expect(refused.events).toEqual([]);
  });
});
