import { SmtpListener } from '@gatehouse/shared/testing';
import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { SubscriptionClients, settle, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const appUrl = 'https://app.gatehouse.test';

/** The link's token in the newest message to `email` (quoted-printable undone). */
function linkToken(smtp: SmtpListener, email: string): string {
  const mails = smtp.to(email);
  const text = mails[mails.length - 1].raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return /accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(text)![1];
}

describe('the README invitation flows', () => {
  const smtp = new SmtpListener();
  let t: TestStack;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  beforeAll(async () => {
    t = await startTestStack({ SMTP_URL: await smtp.start(), APP_URL: appUrl });
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
    await smtp.stop();
  });

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const operations = readmeOperations('Inviting teammates');
    expect(operations.map((o) => o.name)).toEqual(['InviteTeammate', 'InviteTeammates', 'PendingInvites', 'InvitationChanged', 'ResendInvitation', 'RevokeInvitation', 'InvitationExpiry', 'AcceptPage', 'AcceptInvitation']);
    const run = readmeRunner(t, operations, acme.admin.token);
    const signedOut = readmeRunner(t, operations, '');
    const live = ws.watch(ws.connect({ token: acme.admin.token }), operations.find((o) => o.name === 'InvitationChanged')!.document);
    await settle();

    const editorRoleId = await acme.roleId('EDITOR');
    const { invitation } = await run('InviteTeammate', { roleId: editorRoleId });
    expect(invitation).toMatchObject({ email: 'lin@example.com', status: 'PENDING', role: { name: 'Editor' }, invitedBy: { email: acme.admin.email } });
    await until(() => smtp.to('lin@example.com').length === 1);
    const firstLink = linkToken(smtp, 'lin@example.com');

    const dryRun = await run('InviteTeammates');
    expect(dryRun).toMatchObject({ created: 0, rows: [{ row: 2, email: 'mei@example.com', status: 'VALID', error: null }, { row: 3, email: 'omar@example.com', status: 'VALID', error: null }] });

    const pending = await run('PendingInvites');
    expect(pending.totalCount).toBe(1);
    expect(pending.edges[0].node).toMatchObject({ id: invitation.id, role: { name: 'Editor' }, space: null });

    const resent = await run('ResendInvitation', { id: invitation.id });
    expect(resent.invitation).toMatchObject({ id: invitation.id, status: 'PENDING' });
    await until(() => smtp.to('lin@example.com').length === 2);
    const link = linkToken(smtp, 'lin@example.com');
    expect(link).not.toBe(firstLink);

    const other = await t.gql('mutation { inviteTeammate(input: { email: "sam@example.com" }) { invitation { id } userErrors { code } } }', {}, acme.admin.token);
    expect((await run('RevokeInvitation', { id: other.data!.inviteTeammate.invitation.id })).invitation.status).toBe('REVOKED');
    expect((await run('InvitationExpiry')).settings).toEqual({ expiryDays: 14 });

    // The invitee, signed out: the old link shows nothing; the new one the page, then the session.
    expect((await t.gql(operations.find((o) => o.name === 'AcceptPage')!.document, { token: firstLink })).data!.invitationByToken).toBeNull();
    expect(await signedOut('AcceptPage', { token: link })).toMatchObject({ email: 'lin@example.com', organizationName: 'Acme', roleName: 'Editor', spaceName: null });
    const { session } = await signedOut('AcceptInvitation', { token: link });
    expect(session.organizationId).toBe(acme.id);
    const viewer = async () => (await t.gql('{ viewer { email membershipStatus roles { name } } }', {}, session.accessToken)).data!.viewer;
    for (let tries = 0; (await viewer()).roles.length === 0 && tries < 50; tries += 1) await settle(100);
    expect(await viewer()).toEqual({ email: 'lin@example.com', membershipStatus: 'ACTIVE', roles: [{ name: 'Editor' }] });

    await until(() => live.events.length >= 5);
    expect(live.events.map((e) => [e.data.invitationChanged.change, e.data.invitationChanged.invitation.email])).toEqual([
      ['SENT', 'lin@example.com'],
      ['RESENT', 'lin@example.com'],
      ['SENT', 'sam@example.com'],
      ['REVOKED', 'sam@example.com'],
      ['ACCEPTED', 'lin@example.com'],
    ]);
    const audited = async () => (await t.gql('{ auditLog(first: 20, filter: { actions: [INVITATION_SENT, INVITATION_RESENT, INVITATION_REVOKED, INVITATION_ACCEPTED] }) { edges { node { action } } } }', {}, acme.admin.token)).data!.auditLog.edges.map((e: Json) => e.node.action);
    for (let tries = 0; (await audited()).length < 4 && tries < 50; tries += 1) await settle(100);
    expect([...(await audited())].sort()).toEqual(['INVITATION_ACCEPTED', 'INVITATION_RESENT', 'INVITATION_REVOKED', 'INVITATION_SENT', 'INVITATION_SENT']);
  });
});
