import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Area, Capability, Level, PermissionGrantInput } from '@gatehouse/shared';
import { AccessControlUserError } from '../../errors/access-control-user-error';
import { RoleType, UserStub } from './roles.types';

@InputType({ description: 'A new custom role: grants per area, capabilities, and optionally Manage Team.' })
export class CreateRoleInput {
  @Field({ description: 'Display name, unique in the organization (any case). Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the role is for. Up to 500 characters (longer is a userError).' })
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

  @Field(() => String, { nullable: true, description: 'New name. Up to 100 characters (longer is a userError).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description. Up to 500 characters (longer is a userError).' })
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

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}

@ObjectType({ description: 'Result of deleteRole.' })
export class DeleteRolePayload {
  @Field(() => ID, { nullable: true, description: 'The deleted role.' })
  deletedRoleId: string | null;

  @Field(() => Int, { description: 'How many members were moved to the reassignment role.' })
  reassignedMembers: number;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}

@ObjectType('LevelChange', { description: 'One area whose effective level would change.' })
export class LevelChange {
  @Field(() => Area, { description: 'The area.' })
  area: Area;

  @Field(() => Level, { description: 'The level now.' })
  from: Level;

  @Field(() => Level, { description: 'The level after the change.' })
  to: Level;
}

@ObjectType('MemberAccessChange', { description: 'How one member\'s effective permissions would change.' })
export class MemberAccessChange {
  @Field(() => UserStub, { description: 'The member.' })
  user: UserStub;

  @Field(() => [LevelChange], { description: 'Areas gaining or losing a level.' })
  changes: LevelChange[];

  @Field(() => [Capability], { description: 'Capabilities they would gain.' })
  capabilitiesGained: Capability[];

  @Field(() => [Capability], { description: 'Capabilities they would lose.' })
  capabilitiesLost: Capability[];
}

@ObjectType('RoleChangePreview', { description: 'A dry run of a role edit: who gains or loses what. Nothing is changed.' })
export class RoleChangePreview {
  @Field(() => Int, { description: 'Members holding the role (directly or in a security profile).' })
  holders: number;

  @Field(() => Int, { description: 'Members whose effective permissions would change.' })
  affected: number;

  @Field(() => [MemberAccessChange], { description: 'The affected members (the first 100).' })
  members: MemberAccessChange[];
}

@InputType({ description: 'The grants a role would have.' })
export class PreviewRoleChangeInput {
  @Field(() => ID, { description: 'The role.' })
  roleId: string;

  @Field(() => [PermissionGrantInput], { description: 'The complete proposed grants.' })
  grants: PermissionGrantInput[];

  @Field(() => [Capability], { nullable: true, description: 'The complete proposed capabilities (unchanged when omitted).' })
  capabilities?: Capability[] | null;
}
