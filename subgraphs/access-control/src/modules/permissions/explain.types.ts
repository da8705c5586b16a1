import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Area, Level } from '@gatehouse/shared';
import { GroupType, UnitStub } from '../groups/groups.types';
import { SecurityProfileType } from '../profiles/profiles.types';
import { RoleType, SpaceStub, UserStub } from '../roles/roles.types';

export enum ContributionKind {
  ROLE = 'ROLE',
  PROFILE = 'PROFILE',
  GROUP = 'GROUP',
  UNIT_LINK = 'UNIT_LINK',
  DEFAULT = 'DEFAULT',
}
registerEnumType(ContributionKind, {
  name: 'ContributionKind',
  description: 'Where a level comes from: a ROLE (organization-wide or in a space), a role inside a security PROFILE, a GROUP joined by hand, a group reached through a linked unit (UNIT_LINK), or the organization\'s DEFAULT permissions (members in no group).',
});

@ObjectType('AccessContribution', { description: 'One assignment that gives the user a level in the area.' })
export class AccessContribution {
  @Field(() => ContributionKind, { description: 'What kind of assignment.' })
  kind: ContributionKind;

  @Field(() => Level, { description: 'The level this assignment alone gives.' })
  level: Level;

  @Field(() => RoleType, { nullable: true, description: 'The role (ROLE, PROFILE).' })
  role: unknown;

  @Field(() => SpaceStub, { nullable: true, description: 'The space the role is held in (ROLE in a space).' })
  space: SpaceStub | null;

  @Field(() => SecurityProfileType, { nullable: true, description: 'The security profile (PROFILE).' })
  profile: unknown;

  @Field(() => GroupType, { nullable: true, description: 'The group (GROUP, UNIT_LINK).' })
  group: unknown;

  @Field(() => UnitStub, { nullable: true, description: 'The linked unit the user is in, or is below (UNIT_LINK).' })
  unit: UnitStub | null;
}

@ObjectType('AccessExplanation', { description: 'Why a user can or cannot do something: the effective level and every assignment behind it.' })
export class AccessExplanation {
  @Field(() => UserStub, { description: 'The user.' })
  user: UserStub;

  @Field(() => Area, { description: 'The area.' })
  area: Area;

  @Field(() => SpaceStub, { nullable: true, description: 'The space asked about; null for organization-wide.' })
  space: SpaceStub | null;

  @Field(() => Level, { description: 'The effective level: the highest of the contributions (NONE while PENDING).' })
  level: Level;

  @Field({ description: 'False for PENDING members and non-members: they have nothing, whatever they hold.' })
  activeMember: boolean;

  @Field(() => [AccessContribution], { description: 'Every assignment that grants something in the area, strongest first.' })
  contributions: AccessContribution[];
}
