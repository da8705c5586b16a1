import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { checkedPageSize, memberOf } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { OrganizationType, UserConnection, UserRecord, UserType } from './user.types';
import { SortDirection, UserFilter, UserOrder, UserOrderField } from './users.inputs';
import { UserPage } from './users.service';

@Resolver(() => UserType)
export class UsersResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in user, in their active organization.' })
  async viewer(@Ctx() ctx: IdentityContext): Promise<UserRecord | null> {
    const member = memberOf(ctx.viewer);
    return member ? ctx.loaders.userById.load(member.accountId) : null;
  }

  @Query(() => UserType, { nullable: true, description: 'A user of the viewer\'s organization; null for anyone else.' })
  async user(@Arg('id', () => ID, { description: 'Account id.' }) id: string, @Ctx() ctx: IdentityContext): Promise<UserRecord | null> {
    return ctx.loaders.userById.load(id);
  }

  @Query(() => UserConnection, { nullable: true, description: 'The users of the viewer\'s organization, a page at a time.' })
  async users(
    @Ctx() ctx: IdentityContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum, 100 by default).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the item to continue after.' }) after?: string | null,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Narrows the list.' }) filter?: UserFilter | null,
    @Arg('orderBy', () => UserOrder, { nullable: true, description: 'Sort order; by name ascending when omitted.' }) orderBy?: UserOrder | null,
  ): Promise<UserPage | null> {
    const member = memberOf(ctx.viewer);
    if (!member) return null;
    const page = await ctx.services.users.list({
      organizationId: member.organizationId,
      first: checkedPageSize(first, ctx.services.maxPageSize),
      after,
      search: filter?.search,
      status: filter?.status,
      sort: orderBy?.field ?? UserOrderField.NAME,
      descending: orderBy?.direction === SortDirection.DESC,
    });
    page.edges.forEach((edge) => ctx.loaders.userById.prime(edge.node.id, edge.node));
    return page;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name and last name, as displayed.' })
  fullName(@Root() user: UserRecord): string {
    return `${user.name} ${user.lastName}`.trim();
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'The organization this membership belongs to.' })
  organization(@Root() user: UserRecord, @Ctx() ctx: IdentityContext) {
    return ctx.loaders.organizationById.load(user.organizationId);
  }
}

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Query(() => OrganizationType, { nullable: true, description: 'The viewer\'s active organization.' })
  async organization(@Ctx() ctx: IdentityContext) {
    const member = memberOf(ctx.viewer);
    return member ? ctx.loaders.organizationById.load(member.organizationId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The designated Super Admin (SA badge): the organization\'s representative admin.' })
  designatedSuperAdmin(@Root() organization: OrganizationType, @Ctx() ctx: IdentityContext) {
    return ctx.loaders.userById.load(organization.designatedSuperAdminId);
  }
}
