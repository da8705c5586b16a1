import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Capability, RuleViolation, requireMember } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { CreateRoleInput, DeleteRoleInput, DeleteRolePayload, RolePayload, SetDefaultRoleInput, UpdateRoleInput } from './custom-roles.types';
import { RoleRecord } from './role-record';
import { RoleType } from './roles.types';

function payload(result: RoleRecord | RuleViolation[]): RolePayload {
  return Array.isArray(result) ? { role: null, userErrors: result.map((p) => p.toUserError()) } : { role: result, userErrors: [] };
}

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

  @Mutation(() => RolePayload, { description: 'Creates a custom role. It may not grant more than you hold.' })
  async createRole(@Arg('input', () => CreateRoleInput, { description: 'The role.' }) input: CreateRoleInput, @Ctx() ctx: AccessControlContext): Promise<RolePayload> {
    return payload(await ctx.services.customRoles.create(requireMember(ctx.viewer), input));
  }

  @Mutation(() => RolePayload, { description: 'Changes a role (built-in ones too, except Super Admin). Its members\' permissions change on their next request.' })
  async updateRole(@Arg('input', () => UpdateRoleInput, { description: 'The changes.' }) input: UpdateRoleInput, @Ctx() ctx: AccessControlContext): Promise<RolePayload> {
    return payload(await ctx.services.customRoles.update(requireMember(ctx.viewer), input.roleId, input));
  }

  @Mutation(() => DeleteRolePayload, { description: 'Deletes a custom role; refused while members hold it unless reassignToRoleId says where they go.' })
  async deleteRole(@Arg('input', () => DeleteRoleInput, { description: 'The role.' }) input: DeleteRoleInput, @Ctx() ctx: AccessControlContext): Promise<DeleteRolePayload> {
    const result = await ctx.services.customRoles.remove(requireMember(ctx.viewer), input.roleId, input.reassignToRoleId ?? null);
    if (result instanceof RuleViolation) return { deletedRoleId: null, reassignedMembers: 0, userErrors: [result.toUserError()] };
    return { deletedRoleId: input.roleId, reassignedMembers: result.reassigned, userErrors: [] };
  }

  @Mutation(() => RolePayload, { description: 'Makes a role the one new members receive ("Set as Default").' })
  async setDefaultRole(@Arg('input', () => SetDefaultRoleInput, { description: 'The role.' }) input: SetDefaultRoleInput, @Ctx() ctx: AccessControlContext): Promise<RolePayload> {
    const violation = await ctx.services.customRoles.setDefault(requireMember(ctx.viewer), input.roleId);
    if (violation) return { role: null, userErrors: [violation.toUserError()] };
    const role = (await ctx.services.roles.list(requireMember(ctx.viewer).organizationId)).find((r) => r.id === input.roleId) ?? null;
    return { role, userErrors: [] };
  }
}
