import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Capability, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { CreateRoleInput, DeleteRoleInput, DeleteRolePayload, PreviewRoleChangeInput, RoleChangePreview, RolePayload, SetDefaultRoleInput, UpdateRoleInput } from './custom-roles.types';
import { RoleRecord } from './role-record';
import { RoleType } from './roles.types';

@Resolver(() => RoleType)
export class CustomRolesResolver {
  @FieldResolver(() => Boolean, { description: 'True for the role new members receive.' })
  async isDefault(@Root() role: RoleRecord, @Ctx() ctx: AccessControlContext): Promise<boolean> {
    return (await ctx.loaders.defaultRoleId()) === role.id;
  }

  @FieldResolver(() => Boolean, { description: 'SmythOS\'s "Manage Team": the role manages members and their roles.' })
  manageTeam(@Root() role: RoleRecord): boolean {
    return role.permissions.capabilities.includes(Capability.MANAGE_TEAM);
  }

  @Query(() => RoleChangePreview, { nullable: true, description: 'Which members would gain or lose which levels if a role\'s grants changed (a dry run; nothing changes).' })
  async previewRoleChange(@Arg('input', () => PreviewRoleChangeInput, { description: 'The role and its proposed grants.' }) input: PreviewRoleChangeInput, @Ctx() ctx: AccessControlContext): Promise<RoleChangePreview | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const preview = await ctx.services.rolePreview.previewEdit(organizationId, input.roleId, input.grants, input.capabilities);
    return {
      holders: preview.holders,
      affected: preview.impacts.length,
      members: preview.impacts.slice(0, 100).map((m) => ({ user: { id: m.accountId }, changes: m.changes, capabilitiesGained: m.capabilitiesGained, capabilitiesLost: m.capabilitiesLost })),
    };
  }

  @Mutation(() => RolePayload, { description: 'Creates a custom role. It may not grant more than you hold.' })
  async createRole(@Arg('input', () => CreateRoleInput, { description: 'The role.' }) input: CreateRoleInput, @Ctx() ctx: AccessControlContext): Promise<RolePayload> {
    return toPayload(await ctx.services.customRoles.create(requireMember(ctx.viewer), input), (role) => ({ role }), { role: null });
  }

  @Mutation(() => RolePayload, { description: 'Changes a role (built-in ones too, except Super Admin). Its members\' permissions change on their next request.' })
  async updateRole(@Arg('input', () => UpdateRoleInput, { description: 'The changes.' }) input: UpdateRoleInput, @Ctx() ctx: AccessControlContext): Promise<RolePayload> {
    return toPayload(await ctx.services.customRoles.update(requireMember(ctx.viewer), input.roleId, input), (role) => ({ role }), { role: null });
  }

  @Mutation(() => DeleteRolePayload, { description: 'Deletes a custom role; refused while members hold it unless reassignToRoleId says where they go.' })
  async deleteRole(@Arg('input', () => DeleteRoleInput, { description: 'The role.' }) input: DeleteRoleInput, @Ctx() ctx: AccessControlContext): Promise<DeleteRolePayload> {
    const result = await ctx.services.customRoles.remove(requireMember(ctx.viewer), input.roleId, input.reassignToRoleId ?? null);
    return toPayload(result, ({ reassigned }) => ({ deletedRoleId: input.roleId, reassignedMembers: reassigned }), { deletedRoleId: null, reassignedMembers: 0 });
  }

  @Mutation(() => RolePayload, { description: 'Makes a role the one new members receive ("Set as Default").' })
  async setDefaultRole(@Arg('input', () => SetDefaultRoleInput, { description: 'The role.' }) input: SetDefaultRoleInput, @Ctx() ctx: AccessControlContext): Promise<RolePayload> {
    return toPayload(await ctx.services.customRoles.setDefault(requireMember(ctx.viewer), input.roleId), (role) => ({ role }), { role: null });
  }
}
