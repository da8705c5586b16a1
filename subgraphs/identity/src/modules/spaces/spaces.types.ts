import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { PageInfo } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { Space } from './space.entity';

@Directive('@key(fields: "id")')
@ObjectType('Space', { description: 'A space (subtenant) of the organization: roles say what, spaces say where.' })
export class SpaceType {
  @Field(() => ID, { description: 'Space id.' })
  id: string;

  @Field({ description: 'Display name, unique in the organization (any case).' })
  name: string;

  @Field({ description: 'What the space is for.' })
  description: string;

  @Field({ description: 'True while archived: hidden from members, closed to new assignments.' })
  archived: boolean;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was archived.' })
  archivedAt: Date | null;

  @Field(() => DateTimeResolver, { description: 'When it was created.' })
  createdAt: Date;
}

@ObjectType('SpaceEdge', { description: 'A space in a page of spaces.' })
export class SpaceEdge {
  @Field({ description: 'Opaque position; pass as `after`.' })
  cursor: string;

  @Field(() => SpaceType, { description: 'The space.' })
  node: SpaceType;
}

@ObjectType('SpaceConnection', { description: 'A page of spaces, by name.' })
export class SpaceConnection {
  @Field(() => [SpaceEdge], { description: 'The spaces of this page.' })
  edges: SpaceEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo: PageInfo;

  /** Resolved by SpaceConnectionResolver, only when asked for. */
  totalCount: number;
}

@InputType({ description: 'Narrows the list of spaces.' })
export class SpaceFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, any case. At most 200 characters.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Include archived spaces (left out by default).' })
  includeArchived?: boolean | null;
}

@InputType({ description: 'A new space.' })
export class CreateSpaceInput {
  @Field({ description: 'Name, unique in the organization. Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the space is for. Up to 500 characters (longer is a userError).' })
  description?: string | null;
}

@InputType({ description: 'Changes to a space; omitted fields stay as they are.' })
export class UpdateSpaceInput {
  @Field(() => ID, { description: 'The space.' })
  spaceId: string;

  @Field(() => String, { nullable: true, description: 'New name. Up to 100 characters (longer is a userError).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description. Up to 500 characters (longer is a userError).' })
  description?: string | null;
}

@InputType({ description: 'The space to archive or restore.' })
export class SpaceIdInput {
  @Field(() => ID, { description: 'The space.' })
  spaceId: string;
}

@ObjectType({ description: 'Result of a change to a space.' })
export class SpacePayload {
  @Field(() => SpaceType, { nullable: true, description: 'The space after the change.' })
  space: SpaceType | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}

export function toSpaceType(space: Space): SpaceType {
  return { id: space.id, name: space.name, description: space.description, archived: space.archivedAt !== null, archivedAt: space.archivedAt, createdAt: space.createdAt };
}
