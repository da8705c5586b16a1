import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { forbidden } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { Usage, UsageFilter, SpaceStub, UserStub } from './usage.types';
import { usageFor } from './usage.resolver';

@Resolver(() => UserStub)
export class UserUsageResolver {
  @FieldResolver(() => Usage, { description: 'This member\'s usage (their own, or anyone\'s with Analytics READ): the dashboard with userId set to them.' })
  usage(@Root() user: UserStub, @Arg('filter', () => UsageFilter, { description: 'Range and narrowing (its userId is ignored).' }) filter: UsageFilter, @Ctx() ctx: MeteringContext): Promise<Usage> {
    return usageFor(ctx, { ...filter, userId: user.id });
  }
}

@Resolver(() => SpaceStub)
export class SpaceUsageResolver {
  @FieldResolver(() => Usage, { description: 'Usage in this space (Analytics READ in the organization or in this space, else FORBIDDEN): the dashboard with spaceId set to it.' })
  async usage(@Root() space: SpaceStub, @Arg('filter', () => UsageFilter, { description: 'Range and narrowing (its spaceId is ignored).' }) filter: UsageFilter, @Ctx() ctx: MeteringContext): Promise<Usage> {
    const scope = await ctx.usageScope();
    // As User.usage of someone else: a space whose analytics the viewer may not read is refused, not shown narrowed to their own.
    if (!scope.all && !scope.spaceIds.includes(space.id)) throw forbidden('Usage of a space takes Analytics READ in the organization or in that space.');
    return usageFor(ctx, { ...filter, spaceId: space.id }, scope);
  }
}
