import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Capability, PageInfo, PermissionGrant, PermissionGrantInput } from '@gatehouse/shared';
import { AccessControlUserError } from '../../errors/access-control-user-error';
import { UserStub } from '../roles/roles.types';

export enum GroupMembershipSource {
  MANUAL = 'MANUAL',
  UNIT = 'UNIT',
}
registerEnumType(GroupMembershipSource, { name: 'GroupMembershipSource', description: 'MANUAL: added by an admin. UNIT: through a linked organizational unit (from the directory; not removable here).' });

/** Identity's organizational unit, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('OrganizationalUnit', { description: 'A unit of the organization\'s tree (department, division), usually synced from Entra ID or Google Workspace.' })
export class UnitStub {
  @Field(() => ID, { description: 'Unit id.' })
  id: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Group', { description: 'A group (Cloosphere): members (by hand, or everyone in linked units), grants and capability switches.' })
export class GroupType {
  @Field(() => ID, { description: 'Group id.' })
  id: string;

  @Field({ description: 'Display name, unique in the organization (any case).' })
  name: string;

  @Field({ description: 'What the group is for.' })
  description: string;

  @Field(() => [PermissionGrant], { description: 'Levels the group grants its members, areas at NONE left out.' })
  grants: PermissionGrant[];

  @Field(() => [Capability], { description: 'Capabilities switched on for its members.' })
  capabilities: Capability[];

  /** Resolved by field resolvers. */
  organizationId: string;
}

@ObjectType('GroupMemberEdge', { description: 'A member of a group.' })
export class GroupMemberEdge {
  @Field({ description: 'Opaque position; pass as `after`.' })
  cursor: string;

  @Field(() => UserStub, { description: 'The member.' })
  node: UserStub;

  @Field(() => GroupMembershipSource, { description: 'By hand, or through a linked unit.' })
  source: GroupMembershipSource;

  @Field(() => UnitStub, { nullable: true, description: 'The linked unit that makes them a member (for UNIT).' })
  unit: UnitStub | null;
}

@ObjectType('GroupMemberConnection', { description: 'A page of a group\'s members.' })
export class GroupMemberConnection {
  @Field(() => [GroupMemberEdge], { description: 'Members of this page.' })
  edges: GroupMemberEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'How many members the group has.' })
  totalCount: number;
}

@ObjectType('UserGroupMembership', { description: 'A group a user is in.' })
export class UserGroupMembership {
  @Field(() => GroupType, { description: 'The group.' })
  group: GroupType;

  @Field(() => GroupMembershipSource, { description: 'By hand, or through a linked unit (read-only here).' })
  source: GroupMembershipSource;

  @Field(() => UnitStub, { nullable: true, description: 'The linked unit that makes them a member (for UNIT).' })
  unit: UnitStub | null;
}

@InputType({ description: 'A new group.' })
export class CreateGroupInput {
  @Field({ description: 'Display name (e.g. "Marketing Team"). Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the group is for. Up to 500 characters (longer is a userError).' })
  description?: string | null;

  @Field(() => [PermissionGrantInput], { description: 'Levels its members get; no more than you hold.' })
  grants: PermissionGrantInput[];

  @Field(() => [Capability], { nullable: true, description: 'Capability switches on for its members.' })
  capabilities?: Capability[] | null;
}

@InputType({ description: 'Changes to a group; omitted fields stay as they are (grants and capabilities, when given, replace the old ones).' })
export class UpdateGroupInput {
  @Field(() => ID, { description: 'The group.' })
  groupId: string;

  @Field(() => String, { nullable: true, description: 'New name. Up to 100 characters (longer is a userError).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description. Up to 500 characters (longer is a userError).' })
  description?: string | null;

  @Field(() => [PermissionGrantInput], { nullable: true, description: 'The complete new grants.' })
  grants?: PermissionGrantInput[] | null;

  @Field(() => [Capability], { nullable: true, description: 'The complete new capabilities.' })
  capabilities?: Capability[] | null;
}

@InputType({ description: 'A group.' })
export class GroupIdInput {
  @Field(() => ID, { description: 'The group.' })
  groupId: string;
}

@InputType({ description: 'Users to add to or remove from a group.' })
export class GroupMembersInput {
  @Field(() => ID, { description: 'The group.' })
  groupId: string;

  @Field(() => [ID], { description: 'The users (1 to 1,000).' })
  userIds: string[];
}

@InputType({ description: 'An organizational unit to link to or unlink from a group.' })
export class GroupUnitInput {
  @Field(() => ID, { description: 'The group.' })
  groupId: string;

  @Field(() => ID, { description: 'The unit (everyone in it and below it is a member while linked).' })
  unitId: string;
}

@InputType({ description: 'What members in no group get.' })
export class DefaultPermissionsInput {
  @Field(() => [PermissionGrantInput], { description: 'Levels; least privilege is the advice.' })
  grants: PermissionGrantInput[];

  @Field(() => [Capability], { nullable: true, description: 'Capability switches.' })
  capabilities?: Capability[] | null;
}

@ObjectType({ description: 'Result of a change to a group.' })
export class GroupPayload {
  @Field(() => GroupType, { nullable: true, description: 'The group after the change; null when deleted or refused.' })
  group: GroupType | null;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}

@ObjectType('DefaultPermissions', { description: 'What members in no group get (Cloosphere\'s default permissions).' })
export class DefaultPermissionsType {
  @Field(() => [PermissionGrant], { description: 'Levels, areas at NONE left out.' })
  grants: PermissionGrant[];

  @Field(() => [Capability], { description: 'Capabilities switched on.' })
  capabilities: Capability[];
}

@ObjectType({ description: 'Result of setDefaultPermissions.' })
export class DefaultPermissionsPayload {
  @Field(() => DefaultPermissionsType, { nullable: true, description: 'The defaults after the change.' })
  defaultPermissions: DefaultPermissionsType | null;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}
