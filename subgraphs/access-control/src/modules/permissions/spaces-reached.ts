import { DataSource } from 'typeorm';
import { Area, Level, levelSatisfies } from '@gatehouse/shared';
import { SpaceProjection } from '../spaces/space-projection.entity';
import { SourcedGrant } from './contributions';
import { ALL_SPACES, PermissionSourcesService } from './permission-sources.service';

export interface SpacesReached {
  /** The level holds across the organization (every live space is then listed). */
  organizationWide: boolean;
  /** Live spaces where it holds, sorted. */
  spaceIds: string[];
}

/**
 * Where a member's effective permissions reach `area` at `level`: a union is most permissive, so
 * they reach it in a space exactly when one organization-wide grant does (a role held across the
 * organization, a profile, a group, the defaults) or a role held in that space does. One reading of
 * the member's sources with every live space's roles (a fixed number of statements however many
 * spaces they hold roles in), and one of the live spaces when it holds organization-wide.
 */
export async function spacesReached(dataSource: DataSource, permissionSources: PermissionSourcesService, organizationId: string, accountId: string, area: Area, level: Level): Promise<SpacesReached> {
  const sources = (await permissionSources.sourcesOf(organizationId, [accountId], ALL_SPACES)).get(accountId)!;
  // PENDING members and strangers hold nothing anywhere.
  if (!sources.active) return { organizationWide: false, spaceIds: [] };
  const reaches = (grant: SourcedGrant) => levelSatisfies(grant.permissions.levels[area], level);
  const spaceOf = (grant: SourcedGrant) => (grant.contribution.kind === 'ROLE' ? grant.contribution.spaceId : null);
  if (sources.grants.some((g) => spaceOf(g) === null && reaches(g))) {
    const live = await dataSource.getRepository(SpaceProjection).find({ where: { organizationId, archived: false }, select: { id: true } });
    return { organizationWide: true, spaceIds: live.map((s) => s.id).sort() };
  }
  // sourcesOf(ALL_SPACES) keeps the roles of live spaces only: an archived space's grant counts nowhere.
  const spaceIds = new Set(sources.grants.filter((g) => spaceOf(g) !== null && reaches(g)).map((g) => spaceOf(g)!));
  return { organizationWide: false, spaceIds: [...spaceIds].sort() };
}
