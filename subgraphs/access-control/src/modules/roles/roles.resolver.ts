import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { effectiveOf } from '../permissions/contributions';
import { Area, Level, PageInfo, PermissionGrant, allAreas, grantsOf, areaInfo, checkedPageSize, decodeCursor, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { RoleRecord } from './role-record';
import { EffectivePermissions, PermissionMatrix, SpaceStub, RoleChangeInput, RoleChangePayload, RoleMemberConnection, RoleType, UserStub } from './roles.types';

@Resolver(() => RoleType)
export class RolesResolver {
  @Query(() => [RoleType], { nullable: true, description: 'The organization\'s roles, built-in first.' })
  async roles(@Ctx() ctx: AccessControlContext): Promise<RoleRecord[] | null> {
    return organizationIdOf(ctx.viewer) ? ctx.loaders.rolesOfOrganization() : null;
  }

  @Query(() => PermissionMatrix, { nullable: true, description: 'Every area against every role of the organization, with the level each role grants.' })
  async permissionMatrix(@Ctx() ctx: AccessControlContext): Promise<PermissionMatrix | null> {
    if (!organizationIdOf(ctx.viewer)) return null;
    const roles = await ctx.loaders.rolesOfOrganization();
    return {
      roles,
      rows: allAreas.map((area) => ({
        area,
        areaName: areaInfo[area].name,
        description: areaInfo[area].description,
        cells: roles.map((role) => ({ roleId: role.id, level: role.permissions.levels[area] ?? Level.NONE })),
      })),
    };
  }

  @FieldResolver(() => [PermissionGrant], { description: 'Levels this role grants, areas at NONE left out.' })
  grants(@Root() role: RoleRecord): PermissionGrant[] {
    return grantsOf(role.permissions.levels);
  }

  @FieldResolver(() => [String], { description: 'Capabilities this role switches on.' })
  capabilities(@Root() role: RoleRecord): string[] {
    return role.permissions.capabilities;
  }

  @FieldResolver(() => RoleMemberConnection, { nullable: true, description: 'Members holding this role across the organization, a page at a time.' })
  async members(
    @Root() role: RoleRecord,
    @Ctx() ctx: AccessControlContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum, 20 by default).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the member to continue after. At most 200 characters.' }) after?: string | null,
  ): Promise<RoleMemberPage> {
    const size = checkedPageSize(first, ctx.services.maxPageSize);
    const page = await ctx.services.roleAssignments.membersOfRole(role.organizationId, role.id, size, after ? decodeCursor(after) : null);
    const edges = page.accountIds.map((id, i) => ({ cursor: page.cursors[i], node: { id } }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      countAll: () => ctx.services.roleAssignments.countMembersOfRole(role.organizationId, role.id),
    };
  }

  @Mutation(() => RoleChangePayload, { description: 'Gives a user a role across the organization, or in one space (`spaceId`). Nobody changes their own role or the first user\'s.' })
  async assignRole(@Arg('input', () => RoleChangeInput, { description: 'User and role.' }) input: RoleChangeInput, @Ctx() ctx: AccessControlContext): Promise<RoleChangePayload> {
    return toPayload(await ctx.services.roleAssignments.assign(requireMember(ctx.viewer), input), () => ({ user: { id: input.userId } }), { user: null });
  }

  @Mutation(() => RoleChangePayload, { description: 'Takes a role from a user in the scope given (organization, or one space), under the same rules as assignRole.' })
  async revokeRole(@Arg('input', () => RoleChangeInput, { description: 'User and role.' }) input: RoleChangeInput, @Ctx() ctx: AccessControlContext): Promise<RoleChangePayload> {
    return toPayload(await ctx.services.roleAssignments.revoke(requireMember(ctx.viewer), input), () => ({ user: { id: input.userId } }), { user: null });
  }
}

interface RoleMemberPage {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: PageInfo;
  countAll: () => Promise<number>;
}

@Resolver(() => RoleMemberConnection)
export class RoleMemberConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many members hold the role.' })
  totalCount(@Root() page: RoleMemberPage): Promise<number> {
    return page.countAll();
  }
}

@Resolver(() => UserStub)
export class UserRolesResolver {
  @FieldResolver(() => [RoleType], { nullable: true, description: 'Roles the user holds across the organization. A PENDING member asking about themselves gets none: their roles count for nothing until they are let in.' })
  async roles(@Root() user: UserStub, @Ctx() ctx: AccessControlContext): Promise<RoleRecord[]> {
    // A PENDING member reaches only their own user, and roles' details are for active members: the
    // event telling them they lost access (viewerPermissionsChanged) must still arrive whole.
    if (ctx.viewer.kind === 'member' && ctx.viewer.membershipStatus === 'PENDING') return [];
    return ctx.loaders.rolesByAccountId.load(user.id);
  }

  @FieldResolver(() => [SpaceStub], { nullable: true, description: 'Spaces the user may act in: all live spaces with an organization-wide role, else those where they hold a role. None while PENDING.' })
  async spaces(@Root() user: UserStub, @Ctx() ctx: AccessControlContext): Promise<SpaceStub[]> {
    return (await ctx.loaders.spacesByAccountId.load(user.id)).map((id) => ({ id }));
  }

  @FieldResolver(() => EffectivePermissions, {
    nullable: true,
    description: 'What the user may do: the most permissive union of their roles (across the organization, and in the space when given), security profiles, groups (direct or through a linked unit) and, in no group, the organization\'s defaults. Nothing while PENDING.',
  })
  async effectivePermissions(
    @Root() user: UserStub,
    @Ctx() ctx: AccessControlContext,
    @Arg('spaceId', () => ID, { nullable: true, description: 'Also count roles held in this space.' }) spaceId?: string | null,
  ): Promise<EffectivePermissions> {
    const permissions = effectiveOf(await ctx.loaders.permissionSources.load(spaceId ? `${user.id}|${spaceId}` : user.id));
    return { grants: grantsOf(permissions.levels), capabilities: permissions.capabilities };
  }
}
