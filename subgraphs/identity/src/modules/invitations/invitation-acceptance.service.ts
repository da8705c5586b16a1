import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RouteInput, RouteOutput, isUniqueViolation } from '@gatehouse/shared';
import { acceptInvitationRoute } from '@gatehouse/identity-contracts';
import { Account } from '../accounts/account.entity';
import { AccountsService } from '../accounts/accounts.service';
import { Membership } from '../accounts/membership.entity';
import { newAccountProblems } from '../accounts/new-account-rules';
import { hashPassword } from '../accounts/password';
import { profileKeys } from '../accounts/profile-keys';
import { SessionsService } from '../sessions/sessions.service';
import { recordIdentityEvent } from '../../events';
import { InvitationAcceptance } from './invitation-acceptance.entity';

export type AcceptanceRequest = RouteInput<typeof acceptInvitationRoute>;
export type AcceptanceOutcome = RouteOutput<typeof acceptInvitationRoute>;
type Refusal = Extract<AcceptanceOutcome, { accepted: false }>;

const refusal = (code: Refusal['code'], message: string, field: string[] | null = null): Refusal => ({ accepted: false, code, field, message });
const invalidCredentials = () => refusal('INVALID_CREDENTIALS', 'Wrong password for the account of the invited e-mail address (or too many attempts: wait a little).', ['input', 'password']);

/** Who accepts: an account that exists (password checked, or signed in), or one to create. */
type Acceptor = { existing: Account } | { create: { name: string; lastName: string; passwordHash: string } };

/**
 * Identity's half of accepting an invitation (the invitations subgraph checked the link and
 * claimed the invitation): the account, the ACTIVE membership and a session, in one transaction
 * that also records the invitation id, so a repeated call creates nothing twice.
 */
export class InvitationAcceptanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async accept(request: AcceptanceRequest): Promise<AcceptanceOutcome> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(request);
      } catch (error) {
        // A concurrent call for the invitation, a sign-up of the address or a join of the account
        // committed first: decide again on what is stored now (a replay, an existing account, ALREADY_MEMBER).
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }

  private async attempt(request: AcceptanceRequest): Promise<AcceptanceOutcome> {
    const { invitationId, organizationId, clientAddress } = request;
    const done = await this.dataSource.getRepository(InvitationAcceptance).findOneBy({ invitationId });
    const acceptor = await this.acceptor(request);
    if ('accepted' in acceptor) return acceptor;
    if (done) {
      // Already accepted here (the invitations subgraph did not hear back): only the same account, proven again, gets a session.
      if (!('existing' in acceptor) || acceptor.existing.id !== done.accountId || done.organizationId !== organizationId) return invalidCredentials();
      const session = await this.sessions.start(done.accountId, done.organizationId, { method: 'INVITATION', clientAddress });
      return { accepted: true, accountId: done.accountId, session: wire(session) };
    }
    if ('existing' in acceptor && (await this.dataSource.getRepository(Membership).existsBy({ accountId: acceptor.existing.id, organizationId }))) {
      return refusal('ALREADY_MEMBER', 'This account is already a member of the organization: sign in instead.');
    }
    const session = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      let accountId: string;
      let keys: { searchText: string };
      if ('existing' in acceptor) {
        accountId = acceptor.existing.id;
        keys = profileKeys(acceptor.existing.name, acceptor.existing.lastName, acceptor.existing.email);
        // The link reached this address's mailbox: that confirms it, as for a new account.
        if (!acceptor.existing.emailConfirmed) await manager.update(Account, { id: accountId }, { emailConfirmed: true });
      } else {
        // The link came to this address: it counts as confirmed.
        ({ accountId, keys } = await this.accounts.insertAccount(manager, { email: request.email, password: '', name: acceptor.create.name, lastName: acceptor.create.lastName, emailConfirmed: true }, acceptor.create.passwordHash, now));
      }
      // The invitation's id as primary key: a second transaction for it fails here and becomes a replay.
      await manager.insert(InvitationAcceptance, { invitationId, organizationId, accountId, createdAccount: 'create' in acceptor, acceptedAt: now });
      await manager.insert(Membership, { id: randomUUID(), accountId, organizationId, status: 'ACTIVE', ...keys, lastActivityAt: now, createdAt: now });
      await recordIdentityEvent(manager, 'membership.created', {
        organizationId,
        accountId,
        status: 'ACTIVE',
        isFirstUser: false,
        roleId: request.roleId,
        spaceId: request.spaceId,
        actorId: request.invitedBy,
        via: 'INVITATION',
        // The invitation it fulfils: invitations' consistency handler leaves that one to the acceptance.
        invitationId,
      });
      return this.sessions.startIn(manager, accountId, organizationId, { method: 'INVITATION', clientAddress });
    });
    await this.afterCommit();
    return { accepted: true, accountId: session.accountId, session: wire(session) };
  }

  /** The account that accepts, proven, or the one to create; a refusal when neither holds. */
  private async acceptor(request: AcceptanceRequest): Promise<Acceptor | Refusal> {
    const { credentials, email } = request;
    const accounts = this.dataSource.getRepository(Account);
    if (credentials.kind === 'signedIn') {
      const account = await accounts.findOneBy({ id: credentials.accountId });
      if (!account) return invalidCredentials();
      if (account.emailNormalized !== email) return refusal('EMAIL_MISMATCH', 'The invitation is for another e-mail address than the account you are signed in with.');
      return { existing: account };
    }
    if (await accounts.existsBy({ emailNormalized: email })) {
      const account = await this.accounts.accountWithPassword(email, credentials.password, request.clientAddress);
      return account ? { existing: account } : invalidCredentials();
    }
    // A new account: sign-up's rules for the password and the names (the first problem is the answer).
    const name = (credentials.name ?? '').trim();
    const lastName = (credentials.lastName ?? '').trim();
    const [problem] = newAccountProblems({ password: credentials.password, name, lastName });
    if (problem) return refusal(problem.code as Refusal['code'], problem.message, problem.field ?? null);
    return { create: { name, lastName, passwordHash: await hashPassword(credentials.password) } };
  }
}

/** A session as the route's contract carries it (dates as ISO strings). */
function wire(session: Awaited<ReturnType<SessionsService['start']>>): Extract<AcceptanceOutcome, { accepted: true }>['session'] {
  return { ...session, accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(), refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString() };
}
