import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Area, Capability, Level, PageInfo, PermissionGrant } from '@gatehouse/shared';
import { AccessControlUserError } from '../../errors/access-control-user-error';


/** Access control's part of the User entity that identity owns. */
@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A person in the viewer\'s organization.' })
export class UserStub {
  @Field(() => ID, { description: 'Account id.' })
  id: string;
}


@Directive('@key(fields: "id")')
@ObjectType('Role', { description: 'A named set of grants; a member may hold several.' })
export class RoleType {
  @Field(() => ID, { description: 'Role id (unique per organization).' })
  id: string;

  @Field(() => String, { nullable: true, description: 'SUPER_ADMIN, ADMIN, EDITOR or VIEWER for built-in roles; null for custom roles.' })
  key: string | null;

  @Field({ description: 'Display name.' })
  name: string;

  @Field({ description: 'What the role is for.' })
  description: string;

  @Field({ description: 'True for the roles every organization starts with.' })
  builtIn: boolean;
}

@ObjectType({ description: 'What a user may do in their organization: the most permissive union of their roles.' })
export class EffectivePermissions {
  @Field(() => [PermissionGrant], { description: 'Areas with a level above NONE.' })
  grants: PermissionGrant[];

  @Field(() => [Capability], { description: 'Capabilities switched on.' })
  capabilities: Capability[];
}

@ObjectType({ description: 'One role\'s level in one area of the permission matrix.' })
export class PermissionMatrixCell {
  @Field(() => ID, { description: 'The role.' })
  roleId: string;

  @Field(() => Level, { description: 'The role\'s level in the row\'s area.' })
  level: Level;
}

@ObjectType({ description: 'One area across all roles.' })
export class PermissionMatrixRow {
  @Field(() => Area, { description: 'The area.' })
  area: Area;

  @Field({ description: 'Human name of the area.' })
  areaName: string;

  @Field({ description: 'What the area covers.' })
  description: string;

  @Field(() => [PermissionMatrixCell], { description: 'Level per role, in the order of PermissionMatrix.roles.' })
  cells: PermissionMatrixCell[];
}

@ObjectType({ description: 'Areas × roles × level, as the admin screens render it.' })
export class PermissionMatrix {
  @Field(() => [RoleType], { description: 'The columns.' })
  roles: unknown[];

  @Field(() => [PermissionMatrixRow], { description: 'One row per area of the catalogue.' })
  rows: PermissionMatrixRow[];
}

@InputType({ description: 'A role to give to or take from a user, across the organization or in one space.' })
export class RoleChangeInput {
  @Field(() => ID, { description: 'The user (account id).' })
  userId: string;

  @Field(() => ID, { description: 'The role.' })
  roleId: string;

  @Field(() => ID, { nullable: true, description: 'Only in this space of the organization; across the whole organization when omitted.' })
  spaceId?: string | null;
}

/** Identity's Space entity, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Space', { description: 'A space (subtenant) of the organization: roles say what, spaces say where.' })
export class SpaceStub {
  @Field(() => ID, { description: 'Space id.' })
  id: string;
}

@ObjectType({ description: 'Result of assignRole or revokeRole.' })
export class RoleChangePayload {
  @Field(() => UserStub, { nullable: true, description: 'The user, with their roles after the change; null when userErrors is not empty.' })
  user: UserStub | null;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}

@ObjectType({ description: 'A member holding a role.' })
export class RoleMemberEdge {
  @Field({ description: 'Opaque position; pass as `after`.' })
  cursor: string;

  @Field(() => UserStub, { description: 'The member (its fields come from identity).' })
  node: UserStub;
}

@ObjectType({ description: 'A page of a role\'s members.' })
export class RoleMemberConnection {
  @Field(() => [RoleMemberEdge], { description: 'Members of this page, in the order they got the role.' })
  edges: RoleMemberEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo: PageInfo;
}
