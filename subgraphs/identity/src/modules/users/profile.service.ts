import { DataSource, In, Not } from 'typeorm';
import { MailOutbox, RuleViolation, isUniqueViolation, ok, refused } from '@gatehouse/shared';
import { IdentityResult, IdentityViolation } from '../../errors/identity-error-code';
import { Actor, actorFields } from './actor';
import { Account } from '../accounts/account.entity';
import { Membership } from '../accounts/membership.entity';
import { hashPassword, passwordProblem, verifyPassword } from '../accounts/password';
import { phoneDigits, profileKeys } from '../accounts/profile-keys';
import { SessionsService } from '../sessions/sessions.service';
import { MemberGuard } from './member-guard';
import { recordIdentityEvent } from '../../events';

/** Fields an edit may change; absent means unchanged, null clears an optional field. */
export interface ProfileChanges {
  name?: string | null;
  lastName?: string | null;
  email?: string | null;
  jobTitle?: string | null;
  phone?: string | null;
  language?: string | null;
  profileImageUrl?: string | null;
  password?: string | null;
  /** The identity provider's id for the account (set by SCIM provisioning). */
  externalId?: string | null;
}

const languageTag = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const phonePattern = /^[0-9+() .-]{3,40}$/;

/** Every problem with profile values (shared by edits, creation and CSV import). */
export function profileProblems(changes: ProfileChanges): IdentityViolation[] {
  const problems: IdentityViolation[] = [];
  const field = (name: string) => ['input', name];
  const tooLong = (value: string | null | undefined, max: number) => value != null && value.length > max;
  if (changes.name !== undefined && (!changes.name?.trim() || changes.name.length > 100)) problems.push(new RuleViolation('INVALID_NAME', 'Give a name of 1 to 100 characters.', field('name')));
  if (tooLong(changes.lastName, 100)) problems.push(new RuleViolation('INVALID_NAME', 'Use at most 100 characters.', field('lastName')));
  if (changes.email !== undefined && (!changes.email || changes.email.length > 320)) problems.push(new RuleViolation('INVALID_EMAIL', 'Give an e-mail address of at most 320 characters.', field('email')));
  if (tooLong(changes.jobTitle, 150)) problems.push(new RuleViolation('INVALID_JOB_TITLE', 'Use at most 150 characters.', field('jobTitle')));
  if (changes.phone != null && !phonePattern.test(changes.phone)) problems.push(new RuleViolation('INVALID_PHONE', 'Use digits, spaces and + ( ) - . only, at most 40 characters.', field('phone')));
  if (changes.language != null && (changes.language.length > 35 || !languageTag.test(changes.language))) problems.push(new RuleViolation('INVALID_LANGUAGE', 'Use a language tag such as en or pt-BR.', field('language')));
  if (changes.profileImageUrl != null) {
    let valid = changes.profileImageUrl.length <= 2048;
    try {
      valid &&= ['http:', 'https:'].includes(new URL(changes.profileImageUrl).protocol);
    } catch {
      valid = false;
    }
    if (!valid) problems.push(new RuleViolation('INVALID_URL', 'Give an http(s) URL of at most 2048 characters.', field('profileImageUrl')));
  }
  if (tooLong(changes.externalId, 255)) problems.push(new RuleViolation('INVALID_EXTERNAL_ID', 'Use at most 255 characters.', field('externalId')));
  if (changes.password != null) {
    const weak = passwordProblem(changes.password);
    if (weak) problems.push(new RuleViolation('PASSWORD_TOO_WEAK', weak, field('password')));
  }
  return problems;
}

/** Editing accounts: by their owner, or by an admin of an organization they belong to. */
export class ProfileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly guard: MemberGuard,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  /**
   * Applies the changes, all or nothing. An admin cannot change the e-mail or password of an
   * account that also belongs to another organization (that would let one tenant take over an
   * account another tenant relies on). A password set by an admin ends the user's sessions; one
   * the owner changes ends their other sessions. Whoever changes another member's e-mail or
   * password passes the member guard, ends all of that member's sessions and tells them by mail at
   * the address they had (OWASP: the owner learns of a takeover attempt).
   */
  async update(actor: Actor, accountId: string, changes: ProfileChanges, currentPassword?: string | null): Promise<IdentityResult> {
    const problems = profileProblems(changes);
    if (problems.length) return refused(problems);
    const self = actor.accountId === accountId;
    const credentials = changes.email !== undefined || changes.password != null;
    const membership = await this.dataSource.getRepository(Membership).findOneBy({ accountId, organizationId: actor.organizationId });
    if (!membership) return refused(new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']));
    const refusal = self ? null : await this.guard.mayActOn(actor, accountId, credentials ? 'CREDENTIALS' : 'PROFILE');
    if (refusal) return refused(refusal);
    const account = await this.dataSource.getRepository(Account).findOneByOrFail({ id: accountId });
    if (credentials && self && !(await verifyPassword(account.passwordHash, currentPassword ?? ''))) {
      return refused(new RuleViolation('INVALID_CURRENT_PASSWORD', 'Confirm with your current password to change your e-mail or password.', ['input', 'currentPassword']));
    }
    if (credentials && !self && (await this.dataSource.getRepository(Membership).existsBy({ accountId, organizationId: Not(actor.organizationId) }))) {
      return refused(new RuleViolation('ACCOUNT_SHARED', 'This account also belongs to another organization: only its owner can change its e-mail or password.', ['input', 'userId']));
    }

    const next = {
      name: changes.name?.trim() ?? account.name,
      lastName: changes.lastName === undefined ? account.lastName : (changes.lastName ?? '').trim(),
      email: changes.email?.trim() ?? account.email,
    };
    const passwordHash = changes.password != null ? await hashPassword(changes.password) : undefined;
    const changed = Object.keys(changes).filter((key) => changes[key as keyof ProfileChanges] !== undefined);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.update(Account, { id: accountId }, {
          name: next.name,
          lastName: next.lastName,
          ...(changes.email !== undefined ? { email: next.email, emailNormalized: next.email.toLowerCase(), emailConfirmed: next.email.toLowerCase() === account.emailNormalized && account.emailConfirmed } : {}),
          ...(changes.jobTitle !== undefined ? { jobTitle: changes.jobTitle?.trim() || null } : {}),
          ...(changes.phone !== undefined ? { phone: changes.phone?.trim() || null, phoneDigits: phoneDigits(changes.phone) } : {}),
          ...(changes.language !== undefined ? { language: changes.language || null } : {}),
          ...(changes.profileImageUrl !== undefined ? { profileImageUrl: changes.profileImageUrl || null } : {}),
          ...(changes.externalId !== undefined ? { externalId: changes.externalId || null } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        });
        const memberships = await manager.find(Membership, { where: { accountId }, select: { id: true } });
        await manager.update(Membership, { id: In(memberships.map((m) => m.id)) }, profileKeys(next.name, next.lastName, next.email));
        await recordIdentityEvent(manager, 'account.updated', { accountId, ...actorFields(actor), organizationId: actor.organizationId, fields: changed.filter((f) => f !== 'password').concat(passwordHash ? ['password'] : []) });
        if (credentials && !self) await this.mail.queue(manager, credentialsChangedNotice(account.email, changes.email != null && changes.email.toLowerCase() !== account.emailNormalized, Boolean(passwordHash)));
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (changes.externalId && (await this.dataSource.getRepository(Account).existsBy({ externalId: changes.externalId, id: Not(accountId) }))) {
        return refused(new RuleViolation('EXTERNAL_ID_TAKEN', 'Another account already has this external id.', ['input', 'externalId']));
      }
      return refused(new RuleViolation('EMAIL_TAKEN', 'An account with this e-mail address already exists.', ['input', 'email']));
    }
    await this.afterCommit();
    if (passwordHash || (credentials && !self)) await this.sessions.endAllExcept(accountId, self ? actor.sessionId : null);
    return ok();
  }
}

/** The mail a member gets when someone else changed their sign-in e-mail or password. */
function credentialsChangedNotice(to: string, emailChanged: boolean, passwordChanged: boolean): { to: string; subject: string; body: string } {
  const what = [emailChanged ? 'sign-in e-mail address' : null, passwordChanged ? 'password' : null].filter(Boolean).join(' and ') || 'sign-in details';
  return {
    to,
    subject: `Your Gatehouse ${what} was changed`,
    body: `An administrator of your organization changed your ${what}. You have been signed out everywhere.\n\nIf you did not expect this, contact your organization's Super Admin at once.`,
  };
}
