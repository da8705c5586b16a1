import { IsNull, Repository } from 'typeorm';
import { MailMessage, requestSigner } from '@gatehouse/shared';
import { ReceivedMail, SeededMember, SeededOrganization, SmtpListener, postBody, signedHeaders } from '@gatehouse/shared/testing';
import { organizationNamesRoute } from '@gatehouse/identity-contracts';
import { hashInvitationToken } from '../../subgraphs/invitations/src/modules/invitations/invitation-token';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const appUrl = 'https://app.gatehouse.test';
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id expiresAt } userErrors { code } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { id expiresAt } userErrors { code } } }`;
const revokeMutation = `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { id } userErrors { code } } }`;

/** The message's text as the reader sees it (quoted-printable undone). */
function textOf(mail: ReceivedMail): string {
  return mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The link's token (the only one the message carries). */
function linkTokenIn(mail: ReceivedMail): string {
  const links = [...textOf(mail).matchAll(/https:\/\/app\.gatehouse\.test\/accept-invitation\?token=([A-Za-z0-9_-]+)/g)];
  expect(links).toHaveLength(1);
  return links[0][1];
}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  for (const deadline = Date.now() + timeoutMs; !condition() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe('the invitation e-mail over SMTP', () => {
  const smtp = new SmtpListener();
  let t: TestStack;
  let acme: SeededOrganization;
  let editor: SeededMember;
  let marketing: string;
  let rows: Repository<Invitation>;
  let mails: Repository<MailMessage>;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;

  const as = (member: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, member.token) as Promise<Json>;
  const invited = async (member: SeededMember, input: Json) => {
    const response = await as(member)(inviteMutation, { input });
    expect(response.errors).toBeUndefined();
    expect(response.data.inviteTeammate.userErrors).toEqual([]);
    return response.data.inviteTeammate.invitation as Json;
  };
  const mailTo = async (email: string, count = 1) => {
    await until(() => smtp.to(email).length >= count);
    expect(smtp.to(email)).toHaveLength(count);
    return smtp.to(email);
  };

  beforeAll(async () => {
    t = await startTestStack({ SMTP_URL: await smtp.start(), MAIL_FROM: 'Gatehouse <no-reply@gatehouse.test>', APP_URL: appUrl });
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    mails = t.stack.apps.invitations.dataSource.getRepository(MailMessage);
    acme = await t.seed.organization('Acme');
    editor = await acme.member('EDITOR', 'Eddie');
    marketing = (await as(acme.admin)('mutation { createSpace(input: { name: "Marketing" }) { space { id } } }')).data.createSpace.space.id;
  });
  afterAll(async () => {
    await t.stop();
    await smtp.stop();
  });

  it('names the organization, the inviter, the role, the space and the expiry, with a link whose token is the invitation\'s', async () => {
    const email = address('grace');
    const invitation = await invited(acme.admin, { email: email.toUpperCase(), roleId: await acme.roleId('EDITOR'), spaceId: marketing });
    const [mail] = await mailTo(email);
    const text = textOf(mail);
    expect(text).toContain('Subject: Join Acme on Gatehouse');
    expect(text).toContain('Acme Admin invited you to join Acme on Gatehouse, in the space Marketing.');
    expect(text).toContain('Organization: Acme');
    expect(text).toContain('Invited by: Acme Admin');
    expect(text).toContain('Role: Editor');
    expect(text).toContain('Space: Marketing');
    const expiry = new Date(invitation.expiresAt).toISOString().slice(0, 16).replace('T', ' ');
    expect(text).toContain(`Valid until: ${expiry} UTC`);
    // The link's token is the one whose hash the invitation keeps (the token itself is stored nowhere).
    const token = linkTokenIn(mail);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashInvitationToken(token)).toBe((await rows.findOneByOrFail({ id: invitation.id })).tokenHash);
  });

  it('an invitation into the whole organization has no space line; the default role is named', async () => {
    const email = address('linus');
    await invited(acme.admin, { email });
    const text = textOf((await mailTo(email))[0]);
    expect(text).toMatch(/Acme Admin invited you to join Acme on Gatehouse\.\r?\n/);
    expect(text).toContain('Role: Viewer');
    expect(text).not.toContain('Space:');
  });

  it('a resend mails the new link only: its token is the invitation\'s new one, and the old one appears in no new mail', async () => {
    const email = address('ada');
    const invitation = await invited(acme.admin, { email });
    const first = linkTokenIn((await mailTo(email))[0]);
    const resent = await as(acme.admin)(resendMutation, { input: { id: invitation.id } });
    expect(resent.data.resendInvitation.userErrors).toEqual([]);
    const [, second] = await mailTo(email, 2);
    const token = linkTokenIn(second);
    expect(token).not.toBe(first);
    expect(textOf(second)).not.toContain(first);
    expect(hashInvitationToken(token)).toBe((await rows.findOneByOrFail({ id: invitation.id })).tokenHash);
    expect(hashInvitationToken(first)).not.toBe((await rows.findOneByOrFail({ id: invitation.id })).tokenHash);
    expect(textOf(second)).toContain(`Valid until: ${new Date(resent.data.resendInvitation.invitation.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  });

  it('queues nothing when the invite, the resend or the revoke is refused, and a revoke mails nobody', async () => {
    const email = address('refused');
    const before = await mails.count();
    const cases: [SeededMember, Json][] = [
      [acme.admin, { email: 'not an address' }],
      [acme.admin, { email, roleId: '00000000-0000-4000-8000-000000000000' }],
      [acme.admin, { email, spaceId: '00000000-0000-4000-8000-000000000000' }],
      // An Editor has no Team Members WRITE: refused with FORBIDDEN.
      [editor, { email }],
    ];
    for (const [member, input] of cases) {
      const response = await as(member)(inviteMutation, { input });
      expect(response.data?.inviteTeammate?.invitation ?? null).toBeNull();
    }
    const pending = await invited(acme.admin, { email: address('duplicate') });
    const duplicate = await as(acme.admin)(inviteMutation, { input: { email: (await rows.findOneByOrFail({ id: pending.id })).email } });
    expect(duplicate.data.inviteTeammate.userErrors).toEqual([{ code: 'ALREADY_INVITED' }]);
    expect(await mails.count()).toBe(before + 1);
    expect((await as(editor)(resendMutation, { input: { id: pending.id } })).data?.resendInvitation ?? null).toBeNull();
    expect((await as(acme.admin)(revokeMutation, { input: { id: pending.id } })).data.revokeInvitation.userErrors).toEqual([]);
    expect((await as(acme.admin)(resendMutation, { input: { id: pending.id } })).data.resendInvitation.userErrors).toEqual([{ code: 'NOT_PENDING' }]);
    expect(await mails.count()).toBe(before + 1);
    expect(smtp.to(email)).toHaveLength(0);
  });

  it('names only the organization\'s own members and spaces (identity\'s organization-names route, as the invitations subgraph calls it)', async () => {
    const globex = await t.seed.organization('Globex');
    const theirSpace = (await t.gql('mutation { createSpace(input: { name: "Globex space" }) { space { id } } }', {}, globex.admin.token)).data!.createSpace.space.id;
    const url = new URL(`/internal/${organizationNamesRoute.name}`, t.config.subgraphUrls.identity).href;
    const body = JSON.stringify({ organizationId: acme.id, accountIds: [acme.admin.accountId, editor.accountId, globex.admin.accountId], spaceIds: [marketing, theirSpace] });
    const { status, ...answer } = (await postBody(url, body, signedHeaders({ signer: requestSigner(t.config, 'invitations', 'the test'), audience: 'identity' }, url, { kind: 'system', service: 'invitations' }, body))) as Json;
    expect(status).toBe(200);
    expect({ ...answer, accounts: (answer.accounts as Json[]).sort((a, b) => a.name.localeCompare(b.name)) }).toEqual({
      organizationName: 'Acme',
      accounts: [
        { id: acme.admin.accountId, name: 'Acme Admin' },
        { id: editor.accountId, name: 'Eddie' },
      ],
      spaces: [{ id: marketing, name: 'Marketing' }],
    });
  });

  it('keeps the invitation e-mail queued while the SMTP server is down and delivers it when it is back', async () => {
    const email = address('patient');
    const port = smtp.port;
    await smtp.stop();
    await invited(acme.admin, { email });
    const [queued] = await mails.findBy({ recipient: email });
    expect(queued.sentAt).toBeNull();
    expect(queued.attempts).toBe(1);
    await smtp.start(port);
    // Skip the back-off wait; the sender's own timer then retries.
    await mails.update({ sentAt: IsNull() }, { nextAttemptAt: new Date(Date.now() - 1000) });
    const [mail] = await mailTo(email);
    expect(hashInvitationToken(linkTokenIn(mail))).toBe((await rows.findOneByOrFail({ email })).tokenHash);
    expect((await mails.findOneByOrFail({ recipient: email })).sentAt).not.toBeNull();
  });
});
