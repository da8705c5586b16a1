import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { MailOutbox, RuleViolation, hashRefreshToken, newRefreshToken, ok, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { Account } from '../accounts/account.entity';
import { hashPassword, passwordProblem } from '../accounts/password';
import { Session } from '../sessions/session.entity';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity';
import { recordIdentityEvent } from '../../events';

export interface RecoverySettings {
  appUrl: string;
  tokenTtlMinutes: number;
}

const invalidToken = () => new RuleViolation('INVALID_TOKEN', 'This link is invalid, expired or already used.', ['input', 'token']);

/** Password recovery and e-mail confirmation: single-use, hashed, expiring tokens sent by mail. */
export class RecoveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RecoverySettings,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  /**
   * Sends a reset link when the address belongs to an account. The caller always gets the same
   * answer, so the request reveals nothing about which addresses exist. A new request voids the
   * previous unused link.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ emailNormalized: email.trim().toLowerCase() });
    if (!account) return;
    await this.issue(account, 'PASSWORD_RESET', (token) => ({
      subject: 'Reset your Gatehouse password',
      body: `Someone asked to reset the password of ${account.email}.\n\nOpen ${this.settings.appUrl}/reset-password?token=${token}\nor enter this code:\n${token}\n\nIt works once, for ${this.settings.tokenTtlMinutes} minutes. If it was not you, ignore this message.\n`,
    }));
  }

  /** Sends a confirmation link to the account's current address. */
  async requestEmailConfirmation(accountId: string): Promise<IdentityResult> {
    const account = await this.dataSource.getRepository(Account).findOneByOrFail({ id: accountId });
    if (account.emailConfirmed) return refused(new RuleViolation('EMAIL_ALREADY_CONFIRMED', 'This e-mail address is already confirmed.'));
    await this.issue(account, 'EMAIL_CONFIRMATION', (token) => ({
      subject: 'Confirm your e-mail address',
      body: `Confirm ${account.email} for your Gatehouse account.\n\nOpen ${this.settings.appUrl}/confirm-email?token=${token}\nor enter this code:\n${token}\n\nIt works once, for ${this.settings.tokenTtlMinutes} minutes.\n`,
    }));
    return ok();
  }

  private async issue(account: Account, purpose: TokenPurpose, message: (token: string) => { subject: string; body: string }): Promise<void> {
    const token = newRefreshToken();
    await this.dataSource.transaction(async (manager) => {
      await manager.update(OneTimeToken, { accountId: account.id, purpose, usedAt: IsNull() }, { usedAt: new Date() });
      await manager.insert(OneTimeToken, {
        id: randomUUID(),
        purpose,
        accountId: account.id,
        email: account.emailNormalized,
        tokenHash: hashRefreshToken(token),
        expiresAt: new Date(Date.now() + this.settings.tokenTtlMinutes * 60_000),
        usedAt: null,
      });
      await this.mail.queue(manager, { to: account.email, ...message(token) });
    });
    await this.afterCommit();
  }

  /**
   * Spends a token: at most once, even under concurrent use (a conditional update claims it).
   * `apply` returning false undoes the claim: the token stays usable and the answer is INVALID_TOKEN.
   */
  private async spend(token: string, purpose: TokenPurpose, apply: (accountId: string, email: string, manager: EntityManager) => Promise<boolean>): Promise<IdentityResult> {
    const row = await this.dataSource.getRepository(OneTimeToken).findOneBy({ tokenHash: hashRefreshToken(token), purpose });
    if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return refused(invalidToken());
    const notApplied = new Error('not applied');
    const spent = await this.dataSource
      .transaction(async (manager) => {
        const claimed = await manager.update(OneTimeToken, { id: row.id, usedAt: IsNull() }, { usedAt: new Date() });
        if (!claimed.affected) return false;
        if (!(await apply(row.accountId, row.email, manager))) throw notApplied;
        return true;
      })
      .catch((error) => {
        if (error === notApplied) return false;
        throw error;
      });
    if (!spent) return refused(invalidToken());
    await this.afterCommit();
    return ok();
  }

  /** Sets a new password from a reset link and ends every session of the account. */
  async resetPassword(token: string, password: string): Promise<IdentityResult> {
    const weak = passwordProblem(password);
    if (weak) return refused(new RuleViolation('PASSWORD_TOO_WEAK', weak, ['input', 'password']));
    const passwordHash = await hashPassword(password);
    return this.spend(token, 'PASSWORD_RESET', async (accountId, _email, manager) => {
      const updated = await manager.update(Account, { id: accountId }, { passwordHash });
      await manager.update(Session, { accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await recordIdentityEvent(manager, 'session.ended', { accountId });
      await recordIdentityEvent(manager, 'account.updated', { accountId, actorId: accountId, fields: ['password'] });
      return Boolean(updated.affected);
    });
  }

  /** Marks the address confirmed, if it is still the one the link was sent to. */
  async confirmEmail(token: string): Promise<IdentityResult> {
    return this.spend(token, 'EMAIL_CONFIRMATION', async (accountId, email, manager) => {
      const updated = await manager.update(Account, { id: accountId, emailNormalized: email }, { emailConfirmed: true });
      return Boolean(updated.affected);
    });
  }
}
