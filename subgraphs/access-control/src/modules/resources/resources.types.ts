import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Area, Level } from '@gatehouse/shared';
import { AccessControlUserError } from '../../errors/access-control-user-error';
import { GroupType, UnitStub } from '../groups/groups.types';
import { UserStub } from '../roles/roles.types';
import { ResourceType } from './resource-types';

registerEnumType(ResourceType, { name: 'ResourceType', description: 'A kind of platform resource an access list can guard.' });

export enum ResourceVisibility {
  PUBLIC = 'PUBLIC',
  PRIVATE = 'PRIVATE',
}
registerEnumType(ResourceVisibility, { name: 'ResourceVisibility', description: 'PUBLIC: every member may use it within their area level. PRIVATE: only the users, groups and units on its list.' });

export enum PrincipalType {
  USER = 'USER',
  GROUP = 'GROUP',
  UNIT = 'UNIT',
}
registerEnumType(PrincipalType, { name: 'PrincipalType', description: 'Who an access list entry names: a user, a group (its members), or an organizational unit (everyone in it and below it).' });

export enum DecisionReason {
  ALLOWED = 'ALLOWED',
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  INACTIVE = 'INACTIVE',
  INSUFFICIENT_LEVEL = 'INSUFFICIENT_LEVEL',
  NOT_IN_ACCESS_LIST = 'NOT_IN_ACCESS_LIST',
}
registerEnumType(DecisionReason, { name: 'DecisionReason', description: 'Why a check was answered as it was.' });

@InputType({ description: 'A platform resource, e.g. an agent.' })
export class ResourceInput {
  @Field(() => ResourceType, { description: 'Its kind.' })
  type: ResourceType;

  @Field(() => ID, { description: 'Its id in the platform.' })
  id: string;
}

@InputType({ description: 'One question: may this user do this (in this space, on this resource)?' })
export class AccessCheckInput {
  @Field(() => ID, { nullable: true, description: 'The user; the caller when omitted.' })
  userId?: string | null;

  @Field(() => Area, { nullable: true, description: 'The area; the resource\'s own area when omitted.' })
  area?: Area | null;

  @Field(() => Level, { description: 'The level needed (ACCESS, READ or WRITE).' })
  level: Level;

  @Field(() => ID, { nullable: true, description: 'The space the action happens in.' })
  spaceId?: string | null;

  @Field(() => ResourceInput, { nullable: true, description: 'The resource acted on; its access list applies.' })
  resource?: ResourceInput | null;
}

@ObjectType('AccessDecision', { description: 'The answer to one check, in the order asked.' })
export class AccessDecisionType {
  @Field({ description: 'Yes or no.' })
  allowed: boolean;

  @Field(() => Level, { description: 'The user\'s effective level in the area (in the space, when given).' })
  effectiveLevel: Level;

  @Field(() => DecisionReason, { description: 'Why.' })
  reason: DecisionReason;
}

@InputType({ description: 'One allowed principal of a private resource.' })
export class ResourceAccessEntryInput {
  @Field(() => PrincipalType, { description: 'User, group or unit.' })
  principalType: PrincipalType;

  @Field(() => ID, { description: 'Its id in this organization.' })
  principalId: string;

  @Field(() => Level, { description: 'READ (use) or WRITE (change).' })
  level: Level;
}

@InputType({ description: 'A resource\'s new access list (it replaces the old one).' })
export class SetResourceAccessInput {
  @Field(() => ResourceInput, { description: 'The resource.' })
  resource: ResourceInput;

  @Field(() => ResourceVisibility, { description: 'PUBLIC or PRIVATE.' })
  visibility: ResourceVisibility;

  @Field(() => [ResourceAccessEntryInput], { description: 'Who may use a PRIVATE resource (empty for PUBLIC).' })
  entries: ResourceAccessEntryInput[];
}

@ObjectType('ResourceAccessEntry', { description: 'One allowed principal of a private resource.' })
export class ResourceAccessEntryType {
  @Field(() => PrincipalType, { description: 'User, group or unit.' })
  principalType: PrincipalType;

  @Field(() => ID, { description: 'Its id.' })
  principalId: string;

  @Field(() => Level, { description: 'READ or WRITE.' })
  level: Level;

  @Field(() => UserStub, { nullable: true, description: 'The user (USER).' })
  user: UserStub | null;

  @Field(() => GroupType, { nullable: true, description: 'The group (GROUP).' })
  group: unknown;

  @Field(() => UnitStub, { nullable: true, description: 'The unit (UNIT).' })
  unit: UnitStub | null;
}

@ObjectType('ResourceAccess', { description: 'Who may use a resource.' })
export class ResourceAccessType {
  @Field(() => ResourceType, { description: 'Its kind.' })
  resourceType: ResourceType;

  @Field(() => ID, { description: 'Its id.' })
  resourceId: string;

  @Field(() => ResourceVisibility, { description: 'PUBLIC (the default) or PRIVATE.' })
  visibility: ResourceVisibility;

  @Field(() => [ResourceAccessEntryType], { description: 'Who may use it when PRIVATE.' })
  entries: ResourceAccessEntryType[];
}

@ObjectType({ description: 'Result of setResourceAccess.' })
export class ResourceAccessPayload {
  @Field(() => ResourceAccessType, { nullable: true, description: 'The list after the change.' })
  access: ResourceAccessType | null;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}
