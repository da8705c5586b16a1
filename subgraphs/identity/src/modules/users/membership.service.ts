import { DataSource } from 'typeorm';
import { RuleViolation, ok, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { Actor, actorFields } from './actor';
import { Membership, MembershipStatus } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';
import { MemberGuard } from './member-guard';
import { recordIdentityEvent } from '../../events';

/** Activating PENDING members and deactivating ACTIVE ones (history kept, access gone). */
export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly guard: MemberGuard,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async setStatus(actor: Actor, accountId: string, status: MembershipStatus): Promise<IdentityResult> {
    if (accountId === actor.accountId) return refused(new RuleViolation('SELF_STATUS_CHANGE', 'You cannot change your own membership status.', ['input', 'userId']));
    const refusal = await this.guard.mayActOn(actor, accountId, 'STATUS');
    if (refusal) return refused(refusal);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const membership = await manager.findOneBy(Membership, { accountId, organizationId: actor.organizationId });
      if (!membership) return new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']);
      const organization = await manager.findOneByOrFail(Organization, { id: actor.organizationId });
      if (organization.firstAccountId === accountId) return new RuleViolation('FIRST_USER_LOCKED', 'The first user cannot be deactivated.', ['input', 'userId']);
      if (organization.designatedSuperAdminId === accountId && status === 'PENDING') {
        return new RuleViolation('DESIGNATED_SUPER_ADMIN_LOCKED', 'The designated Super Admin cannot be deactivated: designate someone else first.', ['input', 'userId']);
      }
      if (membership.status === status) return 'unchanged' as const;
      // Conditional on the status read above, so two concurrent changes cannot both record an event.
      const updated = await manager.update(Membership, { id: membership.id, status: membership.status }, { status });
      if (!updated.affected) return 'unchanged' as const;
      await recordIdentityEvent(manager, 'membership.status_changed', {
        organizationId: actor.organizationId,
        accountId,
        ...actorFields(actor),
        from: membership.status,
        to: status,
      });
      return 'changed' as const;
    });
    if (outcome instanceof RuleViolation) return refused(outcome);
    if (outcome === 'changed') await this.afterCommit();
    return ok();
  }
}
