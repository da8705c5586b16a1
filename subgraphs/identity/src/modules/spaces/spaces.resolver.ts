import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkedPageSize, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { IdentityContext } from '../../context';
import { Space } from './space.entity';
import { SpacePage } from './spaces.service';
import { CreateSpaceInput, SpaceConnection, SpaceFilter, SpaceIdInput, SpacePayload, SpaceType, UpdateSpaceInput, toSpaceType } from './spaces.types';

/** A space payload from a change's result. */
function payload(result: IdentityResult<Space>): Promise<SpacePayload> {
  return toPayload(result, (space) => ({ space: toSpaceType(space) }), { space: null });
}

@Resolver(() => SpaceConnection)
export class SpaceConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many spaces match the filter, across all pages.' })
  totalCount(@Root() page: SpacePage): Promise<number> {
    return page.countAll();
  }
}

@Resolver()
export class SpacesResolver {
  @Query(() => SpaceConnection, { nullable: true, description: 'The organization\'s spaces, by name. Members see their own spaces as `viewer.spaces`.' })
  async spaces(
    @Ctx() ctx: IdentityContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the space to continue after. At most 200 characters.' }) after?: string | null,
    @Arg('filter', () => SpaceFilter, { nullable: true, description: 'Narrows the list.' }) filter?: SpaceFilter | null,
  ): Promise<unknown> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const page = await ctx.services.spaces.list(organizationId, { first: checkedPageSize(first, ctx.services.maxPageSize), after, search: filter?.search, includeArchived: filter?.includeArchived });
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toSpaceType(edge.node) })) };
  }

  @Query(() => SpaceType, { nullable: true, description: 'A space of the viewer\'s organization; null for any other id.' })
  async space(@Arg('id', () => ID, { description: 'Space id.' }) id: string, @Ctx() ctx: IdentityContext): Promise<SpaceType | null> {
    return ctx.loaders.spaceById.load(id);
  }

  @Mutation(() => SpacePayload, { description: 'Creates a space.' })
  async createSpace(@Arg('input', () => CreateSpaceInput, { description: 'The space.' }) input: CreateSpaceInput, @Ctx() ctx: IdentityContext): Promise<SpacePayload> {
    return payload(await ctx.services.spaces.create(requireMember(ctx.viewer), input));
  }

  @Mutation(() => SpacePayload, { description: 'Renames a space or changes its description.' })
  async updateSpace(@Arg('input', () => UpdateSpaceInput, { description: 'The changes.' }) input: UpdateSpaceInput, @Ctx() ctx: IdentityContext): Promise<SpacePayload> {
    return payload(await ctx.services.spaces.update(requireMember(ctx.viewer), input.spaceId, input));
  }

  @Mutation(() => SpacePayload, { description: 'Archives a space: members no longer see it and no role can newly be assigned in it; assignments are kept for a restore.' })
  async archiveSpace(@Arg('input', () => SpaceIdInput, { description: 'The space.' }) input: SpaceIdInput, @Ctx() ctx: IdentityContext): Promise<SpacePayload> {
    return payload(await ctx.services.spaces.setArchived(requireMember(ctx.viewer), input.spaceId, true));
  }

  @Mutation(() => SpacePayload, { description: 'Restores an archived space.' })
  async restoreSpace(@Arg('input', () => SpaceIdInput, { description: 'The space.' }) input: SpaceIdInput, @Ctx() ctx: IdentityContext): Promise<SpacePayload> {
    return payload(await ctx.services.spaces.setArchived(requireMember(ctx.viewer), input.spaceId, false));
  }
}
