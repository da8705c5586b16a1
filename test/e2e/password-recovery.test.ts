import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsNull } from 'typeorm';
import { errorCodes, SeededOrganization, SmtpListener, tokenIn } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const requestReset = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { accepted userErrors { code } } }`;
const resetPassword = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { success userErrors { code } } }`;

describe('password recovery and e-mail confirmation over SMTP', () => {
  const smtp = new SmtpListener();
  let t: TestStack;
  let acme: SeededOrganization;
  beforeAll(async () => {
    t = await startTestStack({ SMTP_URL: await smtp.start(), MAIL_FROM: 'Gatehouse <no-reply@gatehouse.test>' });
    acme = await t.seed.organization('Acme');
  });
  afterAll(async () => {
    await t.stop();
    await smtp.stop();
  });

  it('answers the same whether or not the address exists, and mails only real accounts', async () => {
    const member = await acme.member(null, 'Forgetful');
    const known = await t.gql(requestReset, { input: { email: member.email.toUpperCase() } });
    const unknown = await t.gql(requestReset, { input: { email: 'nobody@example.com' } });
    expect(known.data).toEqual(unknown.data);
    expect(known.data!.requestPasswordReset).toEqual({ accepted: true, userErrors: [] });
    expect(smtp.to(member.email)).toHaveLength(1);
    expect(smtp.to('nobody@example.com')).toHaveLength(0);
    expect(smtp.to(member.email)[0].raw).toContain('Subject: Reset your Gatehouse password');
  });

  it('a reset link works once, sets the password and ends every session', async () => {
    const member = await acme.member(null, 'Resetter');
    const otherSession = await t.seed.logIn(member.email, member.password);
    await t.gql(requestReset, { input: { email: member.email } });
    const token = tokenIn(smtp.to(member.email).at(-1)!);

    expect((await t.gql(resetPassword, { input: { token, password: 'short' } })).data!.resetPassword.userErrors).toEqual([{ code: 'PASSWORD_TOO_WEAK' }]);
    expect((await t.gql(resetPassword, { input: { token, password: 'a fresh long password' } })).data!.resetPassword).toEqual({ success: true, userErrors: [] });
    for (const session of [member.token, otherSession]) expect(errorCodes(await t.gql('{ viewer { id } }', {}, session))).toEqual(['UNAUTHENTICATED']);
    expect(await t.seed.logIn(member.email, 'a fresh long password')).toEqual(expect.any(String));
    expect((await t.gql(resetPassword, { input: { token, password: 'yet another password' } })).data!.resetPassword.userErrors).toEqual([{ code: 'INVALID_TOKEN' }]);
    expect((await t.gql(resetPassword, { input: { token: 'garbage', password: 'yet another password' } })).data!.resetPassword.userErrors).toEqual([{ code: 'INVALID_TOKEN' }]);
  });

  it('a token is spent once even when used five times at once, and an expired or replaced one is refused', async () => {
    const member = await acme.member(null, 'Racer');
    await t.gql(requestReset, { input: { email: member.email } });
    const token = tokenIn(smtp.to(member.email).at(-1)!);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => t.gql(resetPassword, { input: { token, password: `parallel password ${i}` } })));
    expect(results.filter((r) => r.data!.resetPassword.success)).toHaveLength(1);

    await t.gql(requestReset, { input: { email: member.email } });
    const replaced = tokenIn(smtp.to(member.email).at(-1)!);
    await t.gql(requestReset, { input: { email: member.email } });
    expect((await t.gql(resetPassword, { input: { token: replaced, password: 'replaced password' } })).data!.resetPassword.userErrors).toEqual([{ code: 'INVALID_TOKEN' }]);
    const latest = tokenIn(smtp.to(member.email).at(-1)!);
    // Expire it (through the entity, so the date is stored as each database expects).
    await t.stack.apps.identity.dataSource.getRepository('OneTimeToken').update({ accountId: member.accountId, usedAt: IsNull() }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await t.gql(resetPassword, { input: { token: latest, password: 'expired password' } })).data!.resetPassword.userErrors).toEqual([{ code: 'INVALID_TOKEN' }]);
  });

  it('confirms an e-mail address, only while it is still the account\'s', async () => {
    const member = await acme.member(null, 'Confirmer');
    const request = await t.gql('mutation { requestEmailConfirmation { accepted userErrors { code } } }', {}, member.token);
    expect(request.data!.requestEmailConfirmation).toEqual({ accepted: true, userErrors: [] });
    const token = tokenIn(smtp.to(member.email).at(-1)!);
    expect((await t.gql('mutation($input: ConfirmEmailInput!) { confirmEmail(input: $input) { success } }', { input: { token } })).data!.confirmEmail.success).toBe(true);
    expect((await t.gql('{ viewer { emailConfirmed } }', {}, member.token)).data!.viewer.emailConfirmed).toBe(true);
    expect((await t.gql('mutation { requestEmailConfirmation { userErrors { code } } }', {}, member.token)).data!.requestEmailConfirmation.userErrors).toEqual([{ code: 'EMAIL_ALREADY_CONFIRMED' }]);

    const mover = await acme.member(null, 'Mover');
    await t.gql('mutation { requestEmailConfirmation { accepted } }', {}, mover.token);
    const stale = tokenIn(smtp.to(mover.email).at(-1)!);
    await t.gql('mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { userErrors { code } } }', { input: { email: 'mover.new@example.com', currentPassword: mover.password } }, mover.token);
    expect((await t.gql('mutation($input: ConfirmEmailInput!) { confirmEmail(input: $input) { userErrors { code } } }', { input: { token: stale } })).data!.confirmEmail.userErrors).toEqual([{ code: 'INVALID_TOKEN' }]);
  });

  it('keeps mail queued while the SMTP server is down and delivers it when it is back', async () => {
    const member = await acme.member(null, 'Patient');
    const port = smtp.port;
    await smtp.stop();
    expect((await t.gql(requestReset, { input: { email: member.email } })).data!.requestPasswordReset.accepted).toBe(true);
    const [queued] = await t.stack.apps.identity.dataSource.query('SELECT sentAt, attempts FROM mail_message WHERE recipient = ?', [member.email]);
    expect(queued.sentAt).toBeNull();
    expect(Number(queued.attempts)).toBe(1);
    await smtp.start(port);
    // Skip the back-off wait; the sender's own timer then retries.
    await t.stack.apps.identity.dataSource.getRepository('MailMessage').update({ sentAt: IsNull() }, { nextAttemptAt: new Date(Date.now() - 1000) });
    for (let i = 0; i < 50 && smtp.to(member.email).length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to(member.email)).toHaveLength(1);
  });
});

describe('mail in embedded mode', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('is written as files under the data folder', async () => {
    const acme = await t.seed.organization('Acme');
    await t.gql(requestReset, { input: { email: acme.admin.email } });
    const folder = join(t.config.dataDir, 'mail');
    expect(existsSync(folder)).toBe(true);
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(folder, files[0]), 'utf8')).toContain(`To: ${acme.admin.email}`);
  });
});
