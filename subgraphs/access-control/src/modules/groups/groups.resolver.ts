import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Area, Capability, Level, checkedPageSize, decodeCursor, encodeCursor, grantsOf, organizationIdOf, pageOf, requireMember, toPayload } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { UserStub } from '../roles/roles.types';
import { MemberGroup } from './group.entity';
import {
  CreateGroupInput,
  DefaultPermissionsInput,
  DefaultPermissionsPayload,
  DefaultPermissionsType,
  GroupIdInput,
  GroupMemberConnection,
  GroupMembersInput,
  GroupMembershipSource,
  GroupPayload,
  GroupType,
  GroupUnitInput,
  UnitStub,
  UpdateGroupInput,
  UserGroupMembership,
} from './groups.types';

export function toGroupType(group: MemberGroup): GroupType {
  return {
    id: group.id,
    organizationId: group.organizationId,
    name: group.name,
    description: group.description,
    grants: grantsOf(JSON.parse(group.grants) as Partial<Record<Area, Level>>),
    capabilities: JSON.parse(group.capabilities) as Capability[],
  };
}

/** The group's fields of a group payload, for a change that answers the group. */
const shownGroup = (group: MemberGroup) => ({ group: toGroupType(group) });

@Resolver(() => GroupType)
export class GroupsResolver {
  @Query(() => [GroupType], { nullable: true, description: 'The organization\'s groups, by name.' })
  async groups(@Ctx() ctx: AccessControlContext): Promise<GroupType[] | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? (await ctx.services.groups.list(organizationId)).map(toGroupType) : null;
  }

  @Query(() => DefaultPermissionsType, { nullable: true, description: 'What members in no group get; null when the organization set none.' })
  async defaultPermissions(@Ctx() ctx: AccessControlContext): Promise<DefaultPermissionsType | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    const permissions = organizationId ? await ctx.services.groups.defaultPermissions(organizationId) : null;
    return permissions ? { grants: grantsOf(permissions.levels), capabilities: permissions.capabilities } : null;
  }

  @FieldResolver(() => [UnitStub], { description: 'Organizational units linked to the group: everyone in them and below them is a member.' })
  async linkedUnits(@Root() group: GroupType, @Ctx() ctx: AccessControlContext): Promise<UnitStub[]> {
    return (await ctx.services.groups.linkedUnits([group.id])).map((link) => ({ id: link.unitId }));
  }

  @FieldResolver(() => GroupMemberConnection, { description: 'The group\'s members (by hand and through linked units), a page at a time, in a stable order.' })
  async members(
    @Root() group: GroupType,
    @Ctx() ctx: AccessControlContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the member to continue after. At most 200 characters.' }) after?: string | null,
  ): Promise<GroupMemberConnection> {
    const size = checkedPageSize(first, ctx.services.maxPageSize);
    const all = await ctx.services.groups.members(group.organizationId, group.id);
    const from = after ? decodeCursor(after).id : null;
    const rest = from ? all.filter((m) => m.accountId > from) : all;
    const page = pageOf(rest.slice(0, size + 1), size, Boolean(after), (m) => encodeCursor({ value: null, id: m.accountId }));
    return {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: { id: edge.node.accountId }, source: edge.node.source as GroupMembershipSource, unit: edge.node.unitId ? { id: edge.node.unitId } : null })),
      totalCount: all.length,
    };
  }

  @Mutation(() => GroupPayload, { description: 'Creates a group with its grants and capability switches.' })
  async createGroup(@Arg('input', () => CreateGroupInput, { description: 'The group.' }) input: CreateGroupInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.create(requireMember(ctx.viewer), input), shownGroup, { group: null });
  }

  @Mutation(() => GroupPayload, { description: 'Changes a group; its members\' permissions change on their next request.' })
  async updateGroup(@Arg('input', () => UpdateGroupInput, { description: 'The changes.' }) input: UpdateGroupInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.update(requireMember(ctx.viewer), input.groupId, input), shownGroup, { group: null });
  }

  @Mutation(() => GroupPayload, { description: 'Deletes a group: its members lose what it granted.' })
  async deleteGroup(@Arg('input', () => GroupIdInput, { description: 'The group.' }) input: GroupIdInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.remove(requireMember(ctx.viewer), input.groupId), () => ({ group: null }), { group: null });
  }

  @Mutation(() => GroupPayload, { description: 'Adds users to a group by hand.' })
  async addGroupMembers(@Arg('input', () => GroupMembersInput, { description: 'Group and users.' }) input: GroupMembersInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.changeMembers(requireMember(ctx.viewer), input.groupId, input.userIds, 'ADDED'), shownGroup, { group: null });
  }

  @Mutation(() => GroupPayload, { description: 'Removes users added by hand; members through a linked unit are refused (DIRECTORY_MANAGED).' })
  async removeGroupMembers(@Arg('input', () => GroupMembersInput, { description: 'Group and users.' }) input: GroupMembersInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.changeMembers(requireMember(ctx.viewer), input.groupId, input.userIds, 'REMOVED'), shownGroup, { group: null });
  }

  @Mutation(() => GroupPayload, { description: 'Links an organizational unit: everyone in it and its descendants becomes a member while linked.' })
  async linkGroupUnit(@Arg('input', () => GroupUnitInput, { description: 'Group and unit.' }) input: GroupUnitInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.changeLink(requireMember(ctx.viewer), input.groupId, input.unitId, 'LINKED'), shownGroup, { group: null });
  }

  @Mutation(() => GroupPayload, { description: 'Unlinks an organizational unit from a group.' })
  async unlinkGroupUnit(@Arg('input', () => GroupUnitInput, { description: 'Group and unit.' }) input: GroupUnitInput, @Ctx() ctx: AccessControlContext): Promise<GroupPayload> {
    return toPayload(await ctx.services.groups.changeLink(requireMember(ctx.viewer), input.groupId, input.unitId, 'UNLINKED'), shownGroup, { group: null });
  }

  @Mutation(() => DefaultPermissionsPayload, { description: 'Sets what members in no group get (least privilege is the advice).' })
  async setDefaultPermissions(@Arg('input', () => DefaultPermissionsInput, { description: 'The defaults.' }) input: DefaultPermissionsInput, @Ctx() ctx: AccessControlContext): Promise<DefaultPermissionsPayload> {
    const result = await ctx.services.groups.setDefaultPermissions(requireMember(ctx.viewer), input);
    return toPayload(result, (permissions) => ({ defaultPermissions: { grants: grantsOf(permissions.levels), capabilities: permissions.capabilities } }), { defaultPermissions: null });
  }
}

@Resolver(() => UserStub)
export class UserGroupsResolver {
  @FieldResolver(() => [UserGroupMembership], { nullable: true, description: 'Groups the user is in: by hand, or through a linked unit (read-only in user editing).' })
  async groups(@Root() user: UserStub, @Ctx() ctx: AccessControlContext): Promise<UserGroupMembership[]> {
    const sources = await ctx.loaders.permissionSources.load(user.id);
    const reached = sources.grants.flatMap((g) => (g.contribution.kind === 'GROUP' || g.contribution.kind === 'UNIT_LINK' ? [g.contribution] : []));
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId || reached.length === 0) return [];
    const groups = new Map((await ctx.services.groups.list(organizationId, [...new Set(reached.map((r) => r.groupId))])).map((g) => [g.id, toGroupType(g)]));
    return reached
      .filter((r) => groups.has(r.groupId))
      .map((r) => ({ group: groups.get(r.groupId)!, source: r.kind === 'GROUP' ? GroupMembershipSource.MANUAL : GroupMembershipSource.UNIT, unit: r.kind === 'UNIT_LINK' ? { id: r.unitId } : null }));
  }
}

