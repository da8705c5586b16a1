import { randomUUID } from 'node:crypto';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { recordInvitationsEvent } from '../../subgraphs/invitations/src/events';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id email expiresAt } userErrors { code } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { id expiresAt } userErrors { code } } }`;
const revokeMutation = `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { id } userErrors { code } } }`;
const invitationActions = ['INVITATION_SENT', 'INVITATION_RESENT', 'INVITATION_REVOKED', 'INVITATION_ACCEPTED'];
const auditQuery = `query($filter: AuditLogFilter) { auditLog(first: 100, filter: $filter) { edges { node { action actorType actorId actor { id email } targetType targetId source details } } } }`;

describe('invitations in the audit log', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let admin: SeededMember;
  let marketing: string;
  let editorRole: string;

  const as = (member: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, member.token) as Promise<Json>;
  const entries = async (organization: SeededOrganization, filter: Json): Promise<Json[]> => {
    const response = await t.gql(auditQuery, { filter }, organization.admin.token);
    expect(response.errors).toBeUndefined();
    return response.data!.auditLog.edges.map((e: Json) => e.node);
  };
  const invitationEntries = (organization: SeededOrganization, targetId?: string) => entries(organization, { actions: invitationActions, ...(targetId ? { targetId } : {}) });
  const eventually = async (read: () => Promise<Json[]>, count: number) => {
    for (const deadline = Date.now() + 5000; (await read()).length < count && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    return read();
  };
  const chainValid = async (organization: SeededOrganization) => (await t.gql('{ verifyAuditChain { valid } }', {}, organization.admin.token)).data!.verifyAuditChain.valid;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    admin = await acme.member('ADMIN', 'Ada');
    editorRole = await acme.roleId('EDITOR');
    marketing = (await as(acme.admin)('mutation { createSpace(input: { name: "Marketing" }) { space { id } } }')).data.createSpace.space.id;
  });
  afterAll(() => t.stop());

  it('records INVITATION_SENT, INVITATION_RESENT and INVITATION_REVOKED with the actor, the invitee\'s e-mail, the role and the space, in a chain that still verifies', async () => {
    const sent = await as(admin)(inviteMutation, { input: { email: 'Grace@Example.com', roleId: editorRole, spaceId: marketing } });
    const invitation = sent.data.inviteTeammate.invitation;
    const resent = await as(acme.admin)(resendMutation, { input: { id: invitation.id } });
    expect(resent.data.resendInvitation.userErrors).toEqual([]);
    expect((await as(admin)(revokeMutation, { input: { id: invitation.id } })).data.revokeInvitation.userErrors).toEqual([]);
    const logged = await eventually(() => invitationEntries(acme, invitation.id), 3);
    const common = { actorType: 'USER', targetType: 'INVITATION', targetId: invitation.id, source: 'invitations' };
    const details = { email: 'grace@example.com', roleId: editorRole, spaceId: marketing };
    // Newest first.
    expect(logged).toEqual([
      { ...common, action: 'INVITATION_REVOKED', actorId: admin.accountId, actor: { id: admin.accountId, email: admin.email }, details: { ...details, expiresAt: resent.data.resendInvitation.invitation.expiresAt } },
      { ...common, action: 'INVITATION_RESENT', actorId: acme.admin.accountId, actor: { id: acme.admin.accountId, email: acme.admin.email }, details: { ...details, expiresAt: resent.data.resendInvitation.invitation.expiresAt } },
      { ...common, action: 'INVITATION_SENT', actorId: admin.accountId, actor: { id: admin.accountId, email: admin.email }, details: { ...details, expiresAt: invitation.expiresAt } },
    ]);
    expect(await chainValid(acme)).toBe(true);
  });

  it('an invitation into the whole organization is logged with a null space; the action filter finds each kind', async () => {
    const invitation = (await as(acme.admin)(inviteMutation, { input: { email: 'linus@example.com' } })).data.inviteTeammate.invitation;
    const [entry] = await eventually(() => entries(acme, { actions: ['INVITATION_SENT'], targetId: invitation.id }), 1);
    expect(entry).toMatchObject({ action: 'INVITATION_SENT', details: { email: 'linus@example.com', roleId: await acme.roleId('VIEWER'), spaceId: null } });
    expect(await entries(acme, { actions: ['INVITATION_REVOKED'], targetId: invitation.id })).toEqual([]);
  });

  it('a refused invite writes no event and no entry', async () => {
    const before = (await invitationEntries(acme)).length;
    const outbox = async () => Number((await t.stack.apps.invitations.dataSource.query('SELECT COUNT(*) AS n FROM outbox_event'))[0].n);
    const events = await outbox();
    const refused = await as(acme.admin)(inviteMutation, { input: { email: 'not an address' } });
    expect(refused.data.inviteTeammate.userErrors).toEqual([{ code: 'INVALID_EMAIL' }]);
    const viewer = await acme.member('VIEWER', 'Vic');
    expect((await as(viewer)(inviteMutation, { input: { email: 'someone@example.com' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await outbox()).toBe(events);
    expect((await invitationEntries(acme)).length).toBe(before);
  });

  it('records each event once even when the outbox delivers it again', async () => {
    const invitation = (await as(acme.admin)(inviteMutation, { input: { email: 'twice@example.com' } })).data.inviteTeammate.invitation;
    expect(await eventually(() => invitationEntries(acme, invitation.id), 1)).toHaveLength(1);
    const app = t.stack.apps.invitations;
    await app.dataSource.query('UPDATE outbox_event SET publishedAt = NULL');
    await app.relay.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await invitationEntries(acme, invitation.id)).toHaveLength(1);
    expect(await chainValid(acme)).toBe(true);
  });

  it('records INVITATION_ACCEPTED from an invitation.accepted event, the accepting account as actor', async () => {
    // What accepting writes (in its own transaction) reaches identity through the same outbox and bus.
    const joiner = await acme.member(null, 'Joiner');
    const invitationId = randomUUID();
    const roleId = await acme.roleId('VIEWER');
    const app = t.stack.apps.invitations;
    await app.dataSource.transaction((manager) =>
      recordInvitationsEvent(manager, 'invitation.accepted', { organizationId: acme.id, invitationId, actorId: joiner.accountId, accountId: joiner.accountId, email: joiner.email, roleId, spaceId: null, expiresAt: new Date().toISOString() }),
    );
    await app.relay.flush();
    const [entry] = await eventually(() => invitationEntries(acme, invitationId), 1);
    expect(entry).toMatchObject({ action: 'INVITATION_ACCEPTED', actorType: 'USER', actorId: joiner.accountId, targetType: 'INVITATION', targetId: invitationId, details: { email: joiner.email, roleId, spaceId: null, accountId: joiner.accountId } });
    expect(await invitationEntries(globex, invitationId)).toEqual([]);
    expect(await chainValid(acme)).toBe(true);
  });
});
