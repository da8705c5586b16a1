import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Capability, PermissionGrantInput, UserError } from '@gatehouse/shared';
import { RoleType } from './roles.types';

@InputType({ description: 'A new custom role: grants per area, capabilities, and optionally Manage Team.' })
export class CreateRoleInput {
  @Field({ description: 'Display name, unique in the organization (any case).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the role is for.' })
  description?: string | null;

  @Field(() => [PermissionGrantInput], { description: 'Level per area; areas left out are NONE.' })
  grants: PermissionGrantInput[];

  @Field(() => [Capability], { nullable: true, description: 'Capabilities switched on.' })
  capabilities?: Capability[] | null;

  @Field(() => Boolean, { nullable: true, description: 'SmythOS\'s "Manage Team": Team Members and Team Roles at WRITE.' })
  manageTeam?: boolean | null;
}

@InputType({ description: 'Changes to a role; omitted fields stay as they are (grants, when given, replace all grants).' })
export class UpdateRoleInput {
  @Field(() => ID, { description: 'The role.' })
  roleId: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => [PermissionGrantInput], { nullable: true, description: 'The complete new grants.' })
  grants?: PermissionGrantInput[] | null;

  @Field(() => [Capability], { nullable: true, description: 'The complete new capabilities.' })
  capabilities?: Capability[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Switch Manage Team on or off.' })
  manageTeam?: boolean | null;
}

@InputType({ description: 'A custom role to delete.' })
export class DeleteRoleInput {
  @Field(() => ID, { description: 'The role.' })
  roleId: string;

  @Field(() => ID, { nullable: true, description: 'Where its members go; required while members hold it.' })
  reassignToRoleId?: string | null;
}

@InputType({ description: 'The role new members receive.' })
export class SetDefaultRoleInput {
  @Field(() => ID, { description: 'The role.' })
  roleId: string;
}

@ObjectType({ description: 'Result of createRole, updateRole or setDefaultRole.' })
export class RolePayload {
  @Field(() => RoleType, { nullable: true, description: 'The role after the change.' })
  role: unknown;

  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'Result of deleteRole.' })
export class DeleteRolePayload {
  @Field(() => ID, { nullable: true, description: 'The deleted role.' })
  deletedRoleId: string | null;

  @Field(() => Int, { description: 'How many members were moved to the reassignment role.' })
  reassignedMembers: number;

  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: UserError[];
}
