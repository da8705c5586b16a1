import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { AccessControlUserError } from '../../errors/access-control-user-error';
import { RoleType, UserStub } from '../roles/roles.types';

@ObjectType('SecurityProfile', { description: 'A security profile (Serenity*): a named bundle of roles, assigned to users instead of the roles one by one.' })
export class SecurityProfileType {
  @Field(() => ID, { description: 'Profile id.' })
  id: string;

  @Field({ description: 'Display name, unique in the organization (any case).' })
  name: string;

  @Field({ description: 'What the profile is for.' })
  description: string;

  @Field(() => [RoleType], { description: 'The roles the profile bundles.' })
  roles: unknown[];
}

@InputType({ description: 'A new security profile.' })
export class CreateSecurityProfileInput {
  @Field({ description: 'Display name. Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the profile is for. Up to 500 characters (longer is a userError).' })
  description?: string | null;

  @Field(() => [ID], { description: 'The roles it bundles; together no more than you hold.' })
  roleIds: string[];
}

@InputType({ description: 'Changes to a security profile; omitted fields stay as they are (roleIds, when given, replace all roles).' })
export class UpdateSecurityProfileInput {
  @Field(() => ID, { description: 'The profile.' })
  profileId: string;

  @Field(() => String, { nullable: true, description: 'New name. Up to 100 characters (longer is a userError).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description. Up to 500 characters (longer is a userError).' })
  description?: string | null;

  @Field(() => [ID], { nullable: true, description: 'The complete new list of roles.' })
  roleIds?: string[] | null;
}

@InputType({ description: 'A security profile.' })
export class SecurityProfileIdInput {
  @Field(() => ID, { description: 'The profile.' })
  profileId: string;
}

@InputType({ description: 'A security profile to give to or take from a user.' })
export class SecurityProfileChangeInput {
  @Field(() => ID, { description: 'The user.' })
  userId: string;

  @Field(() => ID, { description: 'The profile.' })
  profileId: string;
}

@ObjectType({ description: 'Result of a change to a security profile.' })
export class SecurityProfilePayload {
  @Field(() => SecurityProfileType, { nullable: true, description: 'The profile after the change; null when deleted or refused.' })
  profile: SecurityProfileType | null;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}

@ObjectType({ description: 'Result of assigning or revoking a security profile.' })
export class SecurityProfileChangePayload {
  @Field(() => UserStub, { nullable: true, description: 'The user, with their profiles after the change.' })
  user: UserStub | null;

  @Field(() => [AccessControlUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: AccessControlUserError[];
}
