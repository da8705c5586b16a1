import { limitScopesRoute, limitTargetsRoute, maxLimitScopeAccounts, memberReachRoute } from '@gatehouse/access-control-contracts';
import { PermissionSet, SubgraphKit, chunksOf } from '@gatehouse/shared';
import { LimitReach } from './effective-limit';

/** A member's reach (see LimitReach), and whether the account is a member of the organization at all. */
export interface MemberReach extends LimitReach {
  member: boolean;
}

/**
 * What access control knows that limits depend on: the units (and the units above them) and groups
 * each member is in, and whether a target exists. Asked afresh on every request: a member moved to
 * another group has that group's limit at the next reservation.
 */
export interface LimitDirectory {
  reachOf(organizationId: string, userIds: readonly string[]): Promise<Map<string, MemberReach>>;
  /** Whether the organization has this member (any status), group or unit. */
  targetExists(organizationId: string, level: 'USER' | 'GROUP' | 'UNIT', targetId: string): Promise<boolean>;
  /** What a member holds in any scope: the same reading identity's member guard acts on. */
  heldBy(organizationId: string, accountId: string): Promise<PermissionSet | null>;
}

export function limitDirectoryOverRoutes(call: SubgraphKit['call']): LimitDirectory {
  return {
    reachOf: async (organizationId, userIds) => {
      const reach = new Map<string, MemberReach>();
      for (const accountIds of chunksOf([...new Set(userIds)], maxLimitScopeAccounts)) {
        const { members } = await call(limitScopesRoute, { organizationId, accountIds });
        for (const m of members) reach.set(m.accountId, { userId: m.accountId, member: m.member, unitIds: m.unitIds, groupIds: m.groupIds });
      }
      return reach;
    },
    targetExists: async (organizationId, level, targetId) => {
      const asked = { organizationId, accountIds: level === 'USER' ? [targetId] : [], groupIds: level === 'GROUP' ? [targetId] : [], unitIds: level === 'UNIT' ? [targetId] : [] };
      const known = await call(limitTargetsRoute, asked);
      return [...known.accountIds, ...known.groupIds, ...known.unitIds].includes(targetId);
    },
    heldBy: async (organizationId, accountId) => (await call(memberReachRoute, { organizationId, accountIds: [accountId] })).reach.find((r) => r.accountId === accountId)?.permissions ?? null,
  };
}
