import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Capability } from '@gatehouse/shared';
import { EffectivePermissions, SpaceStub, UserStub } from '../roles/roles.types';
import { LevelChange } from '../roles/custom-roles.types';

@ObjectType('ViewerPermissionsChange', { description: 'What the viewer may do changed: the permissions now, and how they differ from before.' })
export class ViewerPermissionsChange {
  @Field(() => UserStub, { description: 'The viewer (select any of their fields, from any service, as of now).' })
  user: UserStub;

  @Field(() => SpaceStub, { nullable: true, description: 'When only a role in one space changed: that space (`permissions` are those in it). Null: across the organization.' })
  space: SpaceStub | null;

  @Field(() => EffectivePermissions, { description: 'What the viewer may do now (across the organization, or in `space`).' })
  permissions: EffectivePermissions;

  @Field(() => EffectivePermissions, { nullable: true, description: 'What they could do before; null when this subscription had not seen that space yet.' })
  previous: EffectivePermissions | null;

  @Field(() => [LevelChange], { nullable: true, description: 'Areas whose level changed (null when `previous` is).' })
  changes: LevelChange[] | null;

  @Field(() => [Capability], { nullable: true, description: 'Capabilities switched on (null when `previous` is).' })
  capabilitiesGained: Capability[] | null;

  @Field(() => [Capability], { nullable: true, description: 'Capabilities switched off (null when `previous` is).' })
  capabilitiesLost: Capability[] | null;

  @Field(() => DateTimeResolver, { description: 'When access control noticed the change.' })
  changedAt: Date;
}
