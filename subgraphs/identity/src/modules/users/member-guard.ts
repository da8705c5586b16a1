import { DataSource, EntityManager, In } from 'typeorm';
import { PermissionSet, RuleViolation, permissionsCover } from '@gatehouse/shared';
import { IdentityViolation } from '../../errors/identity-error-code';
import { Membership } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';

/**
 * What each member holds in any scope, whatever their status (asked of access control): a
 * deactivated Super Admin is still a Super Admin the day they are activated again.
 */
export type MemberReach = (organizationId: string, accountIds: string[]) => Promise<Map<string, PermissionSet>>;

/** What an operation does to the member: credentials (e-mail, password) are the first user's own. */
export type MemberAction = 'PROFILE' | 'CREDENTIALS' | 'SESSIONS' | 'STATUS' | 'DELETION' | 'UNITS' | 'DESIGNATION';

/** Who acts: the organization, the account (or SCIM token), and the permissions they act with. */
export interface GuardActor {
  organizationId: string;
  accountId: string;
  permissions: PermissionSet;
  actorType?: 'USER' | 'DIRECTORY';
}

const notFound = () => new RuleViolation('USER_NOT_FOUND', 'No such user in this organization.', ['input', 'userId']);

/**
 * The one check every operation on another member goes through (DESIGN.md, "Rules that hold on
 * every path"): the member must be of the actor's organization (another organization's id answers
 * like a nonexistent one); nobody acts on a member who holds more than they do; only the first user
 * changes the first user's credentials. The identity provider (SCIM) provisions anyone, under the
 * first user's lock. Acting on yourself is left to each operation's own rule.
 */
export class MemberGuard {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reachOf: MemberReach,
  ) {}

  async mayActOn(actor: GuardActor, accountId: string, action: MemberAction): Promise<IdentityViolation | null> {
    return (await this.mayActOnAll(actor, [accountId], action)).get(accountId) ?? null;
  }

  /**
   * The same check for many members at once (a directory sync): account id → why not, for those
   * refused. Inside a transaction, pass its `manager`: the members are read as that transaction sees them.
   */
  async mayActOnAll(actor: GuardActor, accountIds: readonly string[], action: MemberAction, manager: EntityManager = this.dataSource.manager): Promise<Map<string, IdentityViolation>> {
    const refused = new Map<string, IdentityViolation>();
    const others = [...new Set(accountIds)];
    if (others.length === 0) return refused;
    const members = new Set<string>();
    for (let i = 0; i < others.length; i += 1000) {
      const found = await manager.getRepository(Membership).find({ where: { organizationId: actor.organizationId, accountId: In(others.slice(i, i + 1000)) }, select: { accountId: true } });
      for (const m of found) members.add(m.accountId);
    }
    for (const id of others) if (!members.has(id)) refused.set(id, notFound());
    const targets = others.filter((id) => members.has(id) && id !== actor.accountId);
    if (targets.length === 0) return refused;
    const organization = await manager.getRepository(Organization).findOneByOrFail({ id: actor.organizationId });
    if (action === 'CREDENTIALS' && targets.includes(organization.firstAccountId)) {
      refused.set(organization.firstAccountId, new RuleViolation('FIRST_USER_LOCKED', 'Only the first user can change the first user\'s e-mail or password.', ['input', 'userId']));
    }
    if (actor.actorType === 'DIRECTORY') return refused;
    for (let i = 0; i < targets.length; i += 1000) {
      const reach = await this.reachOf(actor.organizationId, targets.slice(i, i + 1000));
      for (const [id, held] of reach) {
        if (!refused.has(id) && !permissionsCover(actor.permissions, held)) {
          refused.set(id, new RuleViolation('TARGET_MORE_PRIVILEGED', 'This user holds permissions you do not have, so you cannot act on them.', ['input', 'userId']));
        }
      }
    }
    return refused;
  }
}
