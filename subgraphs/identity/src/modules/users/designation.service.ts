import { DataSource } from 'typeorm';
import { BuiltInRoleKey, MemberViewer, RuleViolation, forbidden, ok, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { Membership } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';
import { MemberGuard } from './member-guard';
import { recordIdentityEvent } from '../../events';

/** Which of the accounts hold a built-in role in the organization (asked of access control). */
export type RoleHolders = (organizationId: string, roleKey: string, accountIds: string[]) => Promise<string[]>;

/**
 * The designated Super Admin (Cloosphere's SA badge): exactly one per organization, by
 * construction (one column); only a Super Admin designates; the target must hold Super Admin;
 * designating moves the badge.
 */
export class DesignationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roleHolders: RoleHolders,
    private readonly guard: MemberGuard,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async designate(actor: MemberViewer, accountId: string): Promise<IdentityResult> {
    const membership = await this.dataSource.getRepository(Membership).findOneBy({ accountId, organizationId: actor.organizationId });
    if (!membership) return refused(new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']));
    if (membership.status !== 'ACTIVE') return refused(new RuleViolation('USER_NOT_ACTIVE', 'Only an ACTIVE member can be the designated Super Admin.', ['input', 'userId']));
    const holders = await this.roleHolders(actor.organizationId, BuiltInRoleKey.SUPER_ADMIN, [actor.accountId, accountId]);
    if (!holders.includes(actor.accountId)) throw forbidden('Only a Super Admin can designate the Super Admin.');
    if (!holders.includes(accountId)) return refused(new RuleViolation('TARGET_NOT_SUPER_ADMIN', 'Only a member holding the Super Admin role can be the designated Super Admin.', ['input', 'userId']));
    const refusal = await this.guard.mayActOn(actor, accountId, 'DESIGNATION');
    if (refusal) return refused(refusal);
    const moved = await this.dataSource.transaction(async (manager) => {
      const organization = await manager.findOneByOrFail(Organization, { id: actor.organizationId });
      if (organization.designatedSuperAdminId === accountId) return false;
      // Conditional on the holder read above: of concurrent designations each moves the badge from
      // whoever holds it at that instant, and every move is recorded once.
      const updated = await manager.update(Organization, { id: organization.id, designatedSuperAdminId: organization.designatedSuperAdminId }, { designatedSuperAdminId: accountId });
      if (!updated.affected) return false;
      await recordIdentityEvent(manager, 'organization.designated_super_admin_changed', { organizationId: organization.id, from: organization.designatedSuperAdminId, to: accountId, actorId: actor.accountId });
      return true;
    });
    if (moved) await this.afterCommit();
    return ok();
  }
}
