import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Area, organizationIdOf } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { toGroupType } from '../groups/groups.resolver';
import { explain } from './contributions';
import { AccessContribution, AccessExplanation, ContributionKind } from './explain.types';

@Resolver()
export class ExplainAccessResolver {
  @Query(() => AccessExplanation, { nullable: true, description: 'The user\'s effective level in an area (in a space, when given) and every assignment that contributed: role, profile, group, unit link or default.' })
  async explainAccess(
    @Arg('userId', () => ID, { description: 'The user.' }) userId: string,
    @Arg('area', () => Area, { description: 'The area.' }) area: Area,
    @Ctx() ctx: AccessControlContext,
    @Arg('spaceId', () => ID, { nullable: true, description: 'Also count roles held in this space.' }) spaceId?: string | null,
  ): Promise<AccessExplanation | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId || !(await ctx.loaders.memberByAccountId.load(userId))) return null;
    const sources = await ctx.loaders.permissionSources.load(spaceId ? `${userId}|${spaceId}` : userId);
    const result = explain(sources, area);
    const [roles, profiles, groups] = await Promise.all([
      ctx.loaders.rolesOfOrganization(),
      ctx.services.profiles.list(organizationId),
      ctx.services.groups.list(organizationId),
    ]);
    const contributions: AccessContribution[] = result.contributions.map(({ contribution: c, level }) => ({
      kind: c.kind as ContributionKind,
      level,
      role: c.kind === 'ROLE' || c.kind === 'PROFILE' ? (roles.find((r) => r.id === c.roleId) ?? null) : null,
      space: c.kind === 'ROLE' && c.spaceId ? { id: c.spaceId } : null,
      profile: c.kind === 'PROFILE' ? (profiles.find((p) => p.id === c.profileId) ?? null) : null,
      group: c.kind === 'GROUP' || c.kind === 'UNIT_LINK' ? ((g) => (g ? toGroupType(g) : null))(groups.find((g) => g.id === c.groupId)) : null,
      unit: c.kind === 'UNIT_LINK' ? { id: c.unitId } : null,
    }));
    return { user: { id: userId }, area, space: spaceId ? { id: spaceId } : null, level: result.level, activeMember: sources.active, contributions };
  }
}
