import { accountPermissionsRoute, maxPermissionOrganizations, spacesReachedRoute } from '@gatehouse/access-control-contracts';
import { accountMembershipsRoute } from '@gatehouse/identity-contracts';
import { Area, Level, MembershipStatus, SubgraphKit, levelSatisfies } from '@gatehouse/shared';

/** An organization an account belongs to, and whether it may read the organization's analytics there. */
export interface AnalyticsMembership {
  organizationId: string;
  organizationName: string;
  status: MembershipStatus;
  /** ACTIVE there, holding Analytics READ across the organization. */
  readsAnalytics: boolean;
}

/**
 * Where a person may read analytics beyond what the signed viewer says (it carries the active
 * organization's organization-wide permissions only). Asked afresh on every request, never
 * cached: a revoked grant stops showing usage at the next request.
 */
export interface AnalyticsGrants {
  /** Live spaces of the organization where the member holds Analytics READ (organizationWide: across it). */
  spacesWithAnalytics(organizationId: string, accountId: string): Promise<{ organizationWide: boolean; spaceIds: string[] }>;
  /** Every organization the account belongs to, oldest membership first. */
  membershipsOf(accountId: string): Promise<AnalyticsMembership[]>;
}

/** AnalyticsGrants from access control (space-scoped roles, permissions per organization) and identity (memberships). */
export function analyticsGrantsOverRoutes(call: SubgraphKit['call']): AnalyticsGrants {
  return {
    spacesWithAnalytics: (organizationId, accountId) => call(spacesReachedRoute, { organizationId, accountId, area: Area.ANALYTICS, level: Level.READ }),
    membershipsOf: async (accountId) => {
      const { memberships } = await call(accountMembershipsRoute, { accountId });
      const active = memberships.filter((m) => m.status === 'ACTIVE').map((m) => m.organizationId);
      const reading = new Set<string>();
      for (let i = 0; i < active.length; i += maxPermissionOrganizations) {
        const { organizations } = await call(accountPermissionsRoute, { accountId, organizationIds: active.slice(i, i + maxPermissionOrganizations) });
        for (const o of organizations) if (levelSatisfies(o.permissions.levels[Area.ANALYTICS], Level.READ)) reading.add(o.organizationId);
      }
      return memberships.map((m) => ({ ...m, readsAnalytics: m.status === 'ACTIVE' && reading.has(m.organizationId) }));
    },
  };
}
