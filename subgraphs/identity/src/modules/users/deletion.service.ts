import { DataSource } from 'typeorm';
import { MailOutbox, RuleViolation, ok, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { Actor, actorFields } from './actor';
import { MemberGuard } from './member-guard';
import { Account } from '../accounts/account.entity';
import { Membership } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';
import { LoginThrottle } from '../sessions/login-throttle.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { UnitMembership } from '../directory/unit-membership.entity';
import { Space } from '../spaces/space.entity';
import { Session } from '../sessions/session.entity';
import { OneTimeToken } from '../recovery/one-time-token.entity';
import { recordIdentityEvent } from '../../events';

/**
 * Deleting a user from an organization, permanently. The membership and the user's sessions in it
 * go at once; the `user.deleted` event makes every other subgraph purge its rows. An account with
 * no other organization is deleted outright (credentials, sessions, throttling state).
 */
export class DeletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly guard: MemberGuard,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async deleteUser(actor: Actor, accountId: string): Promise<IdentityResult> {
    if (accountId === actor.accountId) return refused(new RuleViolation('SELF_DELETE', 'You cannot delete yourself.', ['input', 'userId']));
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: actor.organizationId });
    const membership = await this.dataSource.getRepository(Membership).findOneBy({ accountId, organizationId: organization.id });
    if (!membership) return refused(new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']));
    if (organization.firstAccountId === accountId) return refused(new RuleViolation('FIRST_USER_LOCKED', 'The first user cannot be deleted.', ['input', 'userId']));
    if (organization.designatedSuperAdminId === accountId) return refused(new RuleViolation('DESIGNATED_SUPER_ADMIN_LOCKED', 'The designated Super Admin cannot be deleted: designate someone else first.', ['input', 'userId']));
    // Nobody removes someone who holds more than they do (an Admin cannot delete a Super Admin).
    const refusal = await this.guard.mayActOn(actor, accountId, 'DELETION');
    if (refusal) return refused(refusal);
    const deleted = await this.dataSource.transaction(async (manager) => {
      const removed = await manager.delete(Membership, { id: membership.id });
      if (!removed.affected) return false;
      const others = await manager.countBy(Membership, { accountId });
      await manager.delete(Session, others === 0 ? { accountId } : { accountId, organizationId: organization.id });
      await manager.delete(UnitMembership, { organizationId: organization.id, accountId });
      // The organization's keys outlive their creator; only the link to the person goes.
      await manager.update(ApiKey, { organizationId: organization.id, createdBy: accountId }, { createdBy: null });
      await manager.update(Space, { organizationId: organization.id, createdBy: accountId }, { createdBy: null });
      if (others === 0) {
        const account = await manager.findOneByOrFail(Account, { id: accountId });
        await manager.delete(LoginThrottle, { subject: `account:${accountId}` });
        await manager.delete(OneTimeToken, { accountId });
        await this.mail.forget(manager, account.email);
        await manager.delete(Account, { id: accountId });
      }
      await recordIdentityEvent(manager, 'user.deleted', { organizationId: organization.id, accountId, accountDeleted: others === 0, ...actorFields(actor) });
      return true;
    });
    if (deleted) await this.afterCommit();
    return deleted ? ok() : refused(new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']));
  }
}
