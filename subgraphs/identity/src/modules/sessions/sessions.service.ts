import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { RuleViolation, hashRefreshToken, newRefreshToken, ok, refused, signAccessToken } from '@gatehouse/shared';
import { IdentityResult, IdentityViolation } from '../../errors/identity-error-code';
import { Membership, MembershipStatus } from '../accounts/membership.entity';
import { Session } from './session.entity';
import { recordIdentityEvent } from '../../events';

export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  accountId: string;
  organizationId: string;
}

/** How a session began, as the audit log's sign-in entry says. */
export interface SignIn {
  method: 'PASSWORD' | 'SIGN_UP' | 'ORGANIZATION_SWITCH' | 'INVITATION';
  clientAddress: string;
}

export interface SessionSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
}

const invalidRefresh = (): IdentityViolation => new RuleViolation('INVALID_REFRESH_TOKEN', 'The session has expired or was signed out. Sign in again.', ['input', 'refreshToken']);

/** Sign-in sessions: access tokens (short JWTs) and rotating refresh tokens. */
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SessionSettings,
    private readonly afterCommit: () => Promise<void> = async () => undefined,
  ) {}

  /** Starts a new session family for a member; a sign-in (`how`) is recorded in the audit log. */
  async start(accountId: string, organizationId: string, how?: SignIn): Promise<IssuedSession> {
    if (!how) return this.issue(accountId, organizationId, randomUUID());
    const issued = await this.dataSource.transaction((manager) => this.startIn(manager, accountId, organizationId, how));
    await this.afterCommit();
    return issued;
  }

  /** Starts a session family and records the sign-in inside the caller's transaction (it calls afterCommit). */
  async startIn(manager: EntityManager, accountId: string, organizationId: string, how: SignIn): Promise<IssuedSession> {
    const session = await this.issue(accountId, organizationId, randomUUID(), manager);
    await recordIdentityEvent(manager, 'session.started', { accountId, organizationId, method: how.method, clientAddress: how.clientAddress || null });
    return session;
  }

  private async issue(accountId: string, organizationId: string, familyId: string, manager = this.dataSource.manager): Promise<IssuedSession> {
    const refreshToken = newRefreshToken();
    const refreshTokenExpiresAt = new Date(Date.now() + this.settings.refreshTokenTtlDays * 86_400_000);
    await manager.insert(Session, {
      id: randomUUID(),
      familyId,
      accountId,
      organizationId,
      refreshTokenHash: hashRefreshToken(refreshToken),
      expiresAt: refreshTokenExpiresAt,
      revokedAt: null,
      createdAt: new Date(),
    });
    const access = signAccessToken({ accountId, organizationId, sessionFamilyId: familyId }, this.settings.jwtSecret, this.settings.accessTokenTtlSeconds);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt, accountId, organizationId };
  }

  /**
   * Exchanges a refresh token for a new pair. The old token is revoked by a conditional update, so
   * of two concurrent refreshes only one wins; a token presented after it was rotated revokes the
   * whole family (it was stolen, or replayed).
   */
  async refresh(refreshToken: string): Promise<IdentityResult<IssuedSession>> {
    const session = await this.dataSource.getRepository(Session).findOneBy({ refreshTokenHash: hashRefreshToken(refreshToken) });
    if (!session || session.expiresAt.getTime() <= Date.now()) return refused(invalidRefresh());
    const issued = await this.dataSource.transaction(async (manager) => {
      const claimed = await manager.update(Session, { id: session.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!claimed.affected) return null;
      const membership = await manager.findOneBy(Membership, { accountId: session.accountId, organizationId: session.organizationId });
      if (!membership) return null;
      await manager.update(Membership, { id: membership.id }, { lastActivityAt: new Date() });
      return this.issue(session.accountId, session.organizationId, session.familyId, manager);
    });
    if (!issued) {
      await this.revokeFamily(session.familyId);
      return refused(invalidRefresh());
    }
    return ok(issued);
  }

  /** Tokens for another organization the account belongs to (its current tokens keep working). */
  async switchOrganization(accountId: string, organizationId: string, clientAddress: string): Promise<IdentityResult<IssuedSession>> {
    if (!(await this.dataSource.getRepository(Membership).existsBy({ accountId, organizationId }))) {
      return refused(new RuleViolation('NOT_A_MEMBER', 'You are not a member of that organization.', ['input', 'organizationId']));
    }
    return ok(await this.start(accountId, organizationId, { method: 'ORGANIZATION_SWITCH', clientAddress }));
  }

  /** Ends the session the request came with; a request without one (an API key) has nothing to end. */
  async endCurrent(member: { accountId: string; sessionId: string | null } | null): Promise<IdentityResult> {
    if (!member?.sessionId) return refused(new RuleViolation('NO_SESSION', 'This request is not tied to a session.'));
    await this.end(member.accountId, { familyId: member.sessionId });
    return ok();
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource.getRepository(Session).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * Signs sessions out: one family, every session of the account in one organization, or every
   * session of the account. The event lets the gateway drop its cached viewer at once.
   */
  async end(accountId: string, scope: { familyId: string } | { organizationId: string } | 'everywhere', actorId: string = accountId): Promise<number> {
    const where = { accountId, revokedAt: IsNull(), ...(scope === 'everywhere' ? {} : scope) };
    const ended = await this.dataSource.transaction(async (manager) => {
      const families = new Set((await manager.find(Session, { where, select: { familyId: true } })).map((s) => s.familyId));
      await manager.update(Session, where, { revokedAt: new Date() });
      await recordIdentityEvent(manager, 'session.ended', { accountId, actorId, ...(scope === 'everywhere' ? {} : scope) });
      return families.size;
    });
    await this.afterCommit();
    return ended;
  }

  /** Ends every session of the account but one (the one changing its own password keeps working). */
  async endAllExcept(accountId: string, keepFamilyId: string | null): Promise<void> {
    const where = { accountId, revokedAt: IsNull(), ...(keepFamilyId ? { familyId: Not(keepFamilyId) } : {}) };
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Session, where, { revokedAt: new Date() });
      await recordIdentityEvent(manager, 'session.ended', { accountId });
    });
    await this.afterCommit();
  }

  /** What the gateway needs to trust an access token: the family is live and the membership exists. */
  async status(accountId: string, organizationId: string, familyId: string): Promise<{ valid: boolean; membershipStatus: MembershipStatus | null }> {
    const [head, membership] = await Promise.all([
      this.dataSource.getRepository(Session).findOneBy({ familyId, accountId, organizationId, revokedAt: IsNull() }),
      this.dataSource.getRepository(Membership).findOneBy({ accountId, organizationId }),
    ]);
    const live = head !== null && head.expiresAt.getTime() > Date.now();
    return { valid: live && membership !== null, membershipStatus: membership?.status ?? null };
  }
}
