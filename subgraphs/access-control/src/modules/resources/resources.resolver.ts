import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Area, Level, levelSatisfies, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { toGroupType } from '../groups/groups.resolver';
import { effectiveOf } from '../permissions/contributions';
import { UserStub } from '../roles/roles.types';
import { AccessDecision, maxChecks } from './authorize.service';
import { ResourceAccessRecord } from './resource-access.service';
import { AccessCheckInput, AccessDecisionType, PrincipalType, ResourceAccessPayload, ResourceAccessType, ResourceInput, ResourceVisibility, SetResourceAccessInput } from './resources.types';

@Resolver()
export class AuthorizeResolver {
  @Query(() => [AccessDecisionType], {
    nullable: true,
    description: `Yes or no for each check, in order: the platform's policy decision point (agents, chat, tools). Up to ${maxChecks} checks per request. Asking about another user takes Team Roles READ.`,
  })
  async authorize(@Arg('checks', () => [AccessCheckInput], { description: 'The questions.' }) checks: AccessCheckInput[], @Ctx() ctx: AccessControlContext): Promise<AccessDecision[] | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    return ctx.services.authorize.answer(ctx.viewer, organizationId, checks);
  }

  @Query(() => ResourceAccessType, { nullable: true, description: 'Who may use a resource (PUBLIC when it never got a list).' })
  async resourceAccess(@Arg('resource', () => ResourceInput, { description: 'The resource.' }) resource: ResourceInput, @Ctx() ctx: AccessControlContext): Promise<ResourceAccessType | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const lists = await ctx.services.resourceAccess.lists(organizationId, [resource]);
    return this.shown(ctx, lists.get(`${resource.type}:${resource.id}`)!);
  }

  @Mutation(() => ResourceAccessPayload, { description: 'Sets a resource PUBLIC, or PRIVATE with allowed users, groups and units at READ or WRITE. Takes WRITE in the resource\'s area and its sharing switch.' })
  async setResourceAccess(@Arg('input', () => SetResourceAccessInput, { description: 'The new list.' }) input: SetResourceAccessInput, @Ctx() ctx: AccessControlContext): Promise<ResourceAccessPayload> {
    const result = await ctx.services.resourceAccess.set(requireMember(ctx.viewer), input.resource, input.visibility, input.entries);
    return toPayload(result, async (record) => ({ access: await this.shown(ctx, record) }), { access: null });
  }

  private async shown(ctx: AccessControlContext, record: ResourceAccessRecord): Promise<ResourceAccessType> {
    const groupIds = record.entries.filter((e) => e.principalType === 'GROUP').map((e) => e.principalId);
    const groups = new Map(groupIds.length ? (await ctx.services.groups.list(organizationIdOf(ctx.viewer)!, groupIds)).map((g) => [g.id, toGroupType(g)]) : []);
    return {
      resourceType: record.resource.type,
      resourceId: record.resource.id,
      visibility: record.visibility as ResourceVisibility,
      entries: record.entries.map((e) => ({
        principalType: e.principalType as PrincipalType,
        principalId: e.principalId,
        level: e.level as Level,
        user: e.principalType === 'USER' ? { id: e.principalId } : null,
        group: e.principalType === 'GROUP' ? (groups.get(e.principalId) ?? null) : null,
        unit: e.principalType === 'UNIT' ? { id: e.principalId } : null,
      })),
    };
  }
}

@Resolver(() => UserStub)
export class UserCanResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the user holds at least `level` in `area` (in the space, when given): for clients that hide what cannot be used.' })
  async can(
    @Root() user: UserStub,
    @Ctx() ctx: AccessControlContext,
    @Arg('area', () => Area, { description: 'The area.' }) area: Area,
    @Arg('level', () => Level, { description: 'The level needed.' }) level: Level,
    @Arg('spaceId', () => ID, { nullable: true, description: 'The space the action happens in.' }) spaceId?: string | null,
  ): Promise<boolean> {
    const sources = await ctx.loaders.permissionSources.load(spaceId ? `${user.id}|${spaceId}` : user.id);
    return levelSatisfies(effectiveOf(sources).levels[area], level);
  }
}

