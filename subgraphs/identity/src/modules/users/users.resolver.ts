import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AuthSession, checkedPageSize, memberOf, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { IdentityContext } from '../../context';
import { OrganizationMembershipType, OrganizationType, UserConnection, UserRecord, UserType } from './user.types';
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
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the item to continue after. At most 200 characters.' }) after?: string | null,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Narrows the list.' }) filter?: UserFilter | null,
    @Arg('orderBy', () => UserOrder, { nullable: true, description: 'Sort order; by name ascending when omitted.' }) orderBy?: UserOrder | null,
  ): Promise<UserPage | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const page = await ctx.services.users.list({
      organizationId,
      first: checkedPageSize(first, ctx.services.maxPageSize),
      after,
      search: filter?.search,
      status: filter?.status,
      emailConfirmed: filter?.emailConfirmed,
      jobTitle: filter?.jobTitle,
      phone: filter?.phone,
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

  @FieldResolver(() => [OrganizationMembershipType], { nullable: true, description: 'Every organization this account belongs to (only for yourself): switch with switchOrganization.' })
  async organizations(@Root() user: UserRecord, @Ctx() ctx: IdentityContext) {
    const memberships = await ctx.services.users.membershipsOf(user.id);
    const organizations = await ctx.loaders.organizationById.loadMany(memberships.map((m) => m.organizationId));
    return memberships.map((m, i) => ({ organization: organizations[i], status: m.status, joinedAt: m.createdAt }));
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'The organization this membership belongs to.' })
  organization(@Root() user: UserRecord, @Ctx() ctx: IdentityContext) {
    return ctx.loaders.organizationById.load(user.organizationId);
  }
}

@Resolver(() => UserConnection)
export class UserConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many users match the filter, across all pages.' })
  totalCount(@Root() page: UserPage): Promise<number> {
    return page.countAll();
  }
}

@InputType({ description: 'A new organization.' })
export class CreateOrganizationInput {
  @Field({ description: 'Display name. Up to 200 characters (longer is a userError).' })
  name: string;
}

@ObjectType({ description: 'Result of createOrganization.' })
export class CreateOrganizationPayload {
  @Field(() => OrganizationType, { nullable: true, description: 'The new organization; null when userErrors is not empty.' })
  organization: unknown;

  @Field(() => AuthSession, { nullable: true, description: 'Tokens signed into the new organization.' })
  session: AuthSession | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing was created; empty on success.' })
  userErrors: IdentityUserError[];
}

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Mutation(() => CreateOrganizationPayload, { description: 'Founds a new organization; the signed-in account becomes its first user, Super Admin and designated SA.' })
  async createOrganization(@Arg('input', () => CreateOrganizationInput, { description: 'The organization.' }) input: CreateOrganizationInput, @Ctx() ctx: IdentityContext): Promise<CreateOrganizationPayload> {
    const member = requireMember(ctx.viewer);
    const created = await ctx.services.accounts.createOrganization(member.accountId, input.name);
    return toPayload(
      created,
      async (organizationId) => ({ organization: await ctx.loaders.organizationById.load(organizationId), session: await ctx.services.sessions.start(member.accountId, organizationId) }),
      { organization: null, session: null },
    );
  }

  @Query(() => OrganizationType, { nullable: true, description: 'The viewer\'s active organization.' })
  async organization(@Ctx() ctx: IdentityContext) {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? ctx.loaders.organizationById.load(organizationId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The designated Super Admin (SA badge): the organization\'s representative admin.' })
  designatedSuperAdmin(@Root() organization: OrganizationType, @Ctx() ctx: IdentityContext) {
    return ctx.loaders.userById.load(organization.designatedSuperAdminId);
  }
}
