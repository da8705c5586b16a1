import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RuleViolation, isUniqueViolation, ok, refused } from '@gatehouse/shared';
import { IdentityResult, IdentityViolation } from '../../errors/identity-error-code';
import { Account } from './account.entity';
import { Installation } from './installation.entity';
import { Membership, MembershipStatus } from './membership.entity';
import { Organization } from './organization.entity';
import { phoneDigits, profileKeys } from './profile-keys';
import { Actor, actorFields } from '../users/actor';
import { profileProblems } from '../users/profile.service';
import { newAccountProblems } from './new-account-rules';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password';
import { LoginThrottleService } from '../sessions/login-throttle.service';
import { recordIdentityEvent } from '../../events';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  lastName?: string | null;
  organizationName?: string | null;
}

export interface SignedUp {
  accountId: string;
  organizationId: string;
  status: MembershipStatus;
}

/** Profile fields an identity provider sets when it provisions an account. */
export interface ProvisionedFields {
  externalId?: string | null;
  jobTitle?: string | null;
  phone?: string | null;
  language?: string | null;
  emailConfirmed?: boolean;
}

/** A password nobody knows: the account signs in through its identity provider or a reset. */
function unusablePassword(): string {
  return randomBytes(32).toString('base64url');
}

const invalidCredentials = (): IdentityViolation => new RuleViolation('INVALID_CREDENTIALS', 'Invalid email or password.');

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}


/** Accounts, organizations and memberships: sign-up and credential checks. */
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** Every problem with a sign-up's fields, before anything is written. */
  private validate(input: SignUpInput): IdentityViolation[] {
    const problems: IdentityViolation[] = newAccountProblems(input);
    if (input.organizationName != null && (!input.organizationName.trim() || input.organizationName.length > 200)) {
      problems.push(new RuleViolation('INVALID_ORGANIZATION_NAME', 'Give an organization name of 1 to 200 characters.', ['input', 'organizationName']));
    }
    if (input.email.length > 320) problems.push(new RuleViolation('INVALID_EMAIL', 'The e-mail address is too long.', ['input', 'email']));
    return problems;
  }

  /**
   * The first sign-up on an empty install creates the organization and becomes its first user,
   * Super Admin and designated SA. Later sign-ups create their own organization when they name one,
   * and otherwise join the install's primary organization as PENDING.
   */
  async signUp(input: SignUpInput): Promise<IdentityResult<SignedUp>> {
    const problems = this.validate(input);
    if (problems.length) return refused(problems);
    const passwordHash = await hashPassword(input.password);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await this.dataSource.transaction((manager) => this.createMember(manager, input, passwordHash));
        await this.afterCommit();
        return ok(result);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const taken = await this.dataSource.getRepository(Account).existsBy({ emailNormalized: normalizeEmail(input.email) });
        if (taken) return refused(new RuleViolation('EMAIL_TAKEN', 'An account with this e-mail address already exists.', ['input', 'email']));
        // Lost the race to be the install's first sign-up: try again, now as a joiner.
        if (attempt >= 2) throw error;
      }
    }
  }

  /** Inserts an account (no membership): sign-up, user creation and invitation acceptance share it. */
  async insertAccount(manager: EntityManager, input: SignUpInput & ProvisionedFields, passwordHash: string, now: Date): Promise<{ accountId: string; keys: { searchText: string } }> {
    const accountId = randomUUID();
    const name = input.name.trim();
    const lastName = (input.lastName ?? '').trim();
    await manager.insert(Account, {
      id: accountId,
      email: input.email.trim(),
      emailNormalized: normalizeEmail(input.email),
      name,
      lastName,
      passwordHash,
      // An identity provider vouches for the addresses it provisions.
      emailConfirmed: input.emailConfirmed ?? false,
      externalId: input.externalId ?? null,
      jobTitle: input.jobTitle?.trim() || null,
      phone: input.phone?.trim() || null,
      phoneDigits: phoneDigits(input.phone ?? null),
      language: input.language || null,
      createdAt: now,
    });
    return { accountId, keys: profileKeys(name, lastName, input.email) };
  }

  private async createMember(manager: EntityManager, input: SignUpInput, passwordHash: string): Promise<SignedUp> {
    const now = new Date();
    const name = input.name.trim();
    const { accountId, keys } = await this.insertAccount(manager, input, passwordHash, now);
    const installation = await manager.findOneBy(Installation, { id: 1 });
    if (!installation || input.organizationName != null) {
      const orgName = input.organizationName?.trim() || `${name}'s organization`;
      const organizationId = await this.foundOrganization(manager, accountId, keys, orgName, now);
      if (!installation) await manager.insert(Installation, { id: 1, primaryOrganizationId: organizationId });
      return { accountId, organizationId, status: 'ACTIVE' };
    }
    const organizationId = installation.primaryOrganizationId;
    const status: MembershipStatus = 'PENDING';
    await manager.insert(Membership, { id: randomUUID(), accountId, organizationId, status, ...keys, lastActivityAt: now, createdAt: now });
    await recordIdentityEvent(manager, 'membership.created', { organizationId, accountId, status, isFirstUser: false });
    return { accountId, organizationId, status };
  }

  /**
   * An admin creates an ACTIVE member directly (Cloosphere's "Add user"), optionally with a role
   * (UserCreationService has checked the role exists and grants no more than the admin holds).
   * The identity provider (SCIM) provisions the same way, possibly without a password (single
   * sign-on or a password reset sets one) and possibly inactive.
   */
  async createUser(actor: Actor, input: Omit<SignUpInput, 'password'> & ProvisionedFields & { password: string | null; roleId?: string | null; status?: MembershipStatus }): Promise<IdentityResult<string>> {
    const problems = this.validate({ ...input, password: input.password ?? unusablePassword(), organizationName: null }).concat(profileProblems({ jobTitle: input.jobTitle, phone: input.phone, language: input.language }));
    if (problems.length) return refused(problems);
    const passwordHash = await hashPassword(input.password ?? unusablePassword());
    const status = input.status ?? 'ACTIVE';
    try {
      const accountId = await this.dataSource.transaction(async (manager) => {
        const now = new Date();
        const { accountId, keys } = await this.insertAccount(manager, { ...input, password: '' }, passwordHash, now);
        const organizationId = actor.organizationId;
        await manager.insert(Membership, { id: randomUUID(), accountId, organizationId, status, ...keys, lastActivityAt: now, createdAt: now });
        await recordIdentityEvent(manager, 'membership.created', {
          organizationId,
          accountId,
          status,
          isFirstUser: false,
          roleId: input.roleId ?? null,
          ...actorFields(actor),
          via: actor.actorType === 'DIRECTORY' ? 'SCIM' : null,
          email: normalizeEmail(input.email),
        });
        return accountId;
      });
      await this.afterCommit();
      return ok(accountId);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const repository = this.dataSource.getRepository(Account);
      if (input.externalId && (await repository.existsBy({ externalId: input.externalId }))) return refused(new RuleViolation('EXTERNAL_ID_TAKEN', 'Another account already has this external id.', ['input', 'externalId']));
      return refused(new RuleViolation('EMAIL_TAKEN', 'An account with this e-mail address already exists.', ['input', 'email']));
    }
  }

  /** A new organization whose first user (Super Admin, designated SA) is the given account. */
  private async foundOrganization(manager: EntityManager, accountId: string, keys: { searchText: string }, name: string, now: Date): Promise<string> {
    const organizationId = randomUUID();
    await manager.insert(Organization, { id: organizationId, name, firstAccountId: accountId, designatedSuperAdminId: accountId, createdAt: now });
    await recordIdentityEvent(manager, 'organization.created', { organizationId, name, firstAccountId: accountId });
    await manager.insert(Membership, { id: randomUUID(), accountId, organizationId, status: 'ACTIVE', ...keys, lastActivityAt: now, createdAt: now });
    await recordIdentityEvent(manager, 'membership.created', { organizationId, accountId, status: 'ACTIVE', isFirstUser: true });
    return organizationId;
  }

  /** The signed-in account founds another organization (it may belong to several). */
  async createOrganization(accountId: string, name: string): Promise<IdentityResult<string>> {
    if (!name.trim() || name.length > 200) return refused(new RuleViolation('INVALID_ORGANIZATION_NAME', 'Give an organization name of 1 to 200 characters.', ['input', 'name']));
    const organizationId = await this.dataSource.transaction(async (manager) => {
      const account = await manager.findOneByOrFail(Account, { id: accountId });
      return this.foundOrganization(manager, accountId, profileKeys(account.name, account.lastName, account.email), name.trim(), new Date());
    });
    await this.afterCommit();
    return ok(organizationId);
  }

  private async recordLoginFailure(accountId: string, reason: 'LOCKED' | 'INVALID_PASSWORD', clientAddress: string): Promise<void> {
    await this.dataSource.transaction((manager) => recordIdentityEvent(manager, 'login.failed', { accountId, reason, clientAddress: clientAddress || null }));
    await this.afterCommit();
  }

  /**
   * Checks credentials and picks the organization to sign into: the one asked for, else the first
   * ACTIVE membership, else the first PENDING one. Unknown e-mail, wrong password and a locked
   * account or address all fail alike, after the same argon2 work.
   */
  async verifyCredentials(email: string, password: string, organizationId: string | null | undefined, clientAddress: string): Promise<IdentityResult<{ accountId: string; organizationId: string }>> {
    const account = await this.accountWithPassword(email, password, clientAddress);
    if (!account) return refused(invalidCredentials());
    const memberships = await this.dataSource.getRepository(Membership).find({ where: { accountId: account.id }, order: { createdAt: 'ASC' } });
    const chosen = organizationId
      ? memberships.find((m) => m.organizationId === organizationId)
      : (memberships.find((m) => m.status === 'ACTIVE') ?? memberships[0]);
    if (!chosen) return refused(invalidCredentials());
    await this.dataSource.getRepository(Membership).update({ id: chosen.id }, { lastActivityAt: new Date() });
    return ok({ accountId: account.id, organizationId: chosen.organizationId });
  }

  /**
   * The account of `email` when `password` is its password, else null: throttled, timed and
   * audited as a sign-in (logIn and accepting an invitation as an existing account both use it).
   */
  async accountWithPassword(email: string, password: string, clientAddress: string): Promise<Account | null> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ emailNormalized: normalizeEmail(email) });
    // The attempt is counted before the password is checked, so parallel attempts cannot overtake the lock.
    const reserved = await this.throttle.reserve(account?.id ?? null, clientAddress);
    // A refused attempt checks against the decoy: the same argon2 work, and the real hash is never tried.
    const matches = await verifyPassword(reserved && account ? account.passwordHash : await decoyPasswordHash(), password);
    if (!reserved || !account || !matches) {
      if (reserved) await this.throttle.recordFailure(account?.id ?? null, clientAddress);
      // Failures against a known account go to its organizations' audit logs; unknown e-mails have no log to go to.
      if (account) await this.recordLoginFailure(account.id, reserved ? 'INVALID_PASSWORD' : 'LOCKED', clientAddress);
      return null;
    }
    await this.throttle.recordSuccess(account.id, clientAddress);
    return account;
  }
}
