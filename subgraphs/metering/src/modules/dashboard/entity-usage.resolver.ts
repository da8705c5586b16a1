import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
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
  @FieldResolver(() => Usage, { description: 'Usage in this space (Analytics READ): the dashboard with spaceId set to it.' })
  usage(@Root() space: SpaceStub, @Arg('filter', () => UsageFilter, { description: 'Range and narrowing (its spaceId is ignored).' }) filter: UsageFilter, @Ctx() ctx: MeteringContext): Promise<Usage> {
    return usageFor(ctx, { ...filter, spaceId: space.id });
  }
}
