import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdentityUserError } from '../../errors/identity-user-error';
import { UserType } from '../users/user.types';

export enum DirectorySource {
  ENTRA_ID = 'ENTRA_ID',
  GOOGLE_WORKSPACE = 'GOOGLE_WORKSPACE',
}
registerEnumType(DirectorySource, { name: 'DirectorySource', description: 'The identity provider a snapshot comes from.' });

export enum UnitMembershipOrigin {
  DIRECTORY = 'DIRECTORY',
  MANUAL = 'MANUAL',
}
registerEnumType(UnitMembershipOrigin, { name: 'UnitMembershipOrigin', description: 'DIRECTORY: set by the identity provider, read-only here. MANUAL: added by an admin, kept by syncs.' });

@Directive('@key(fields: "id")')
@ObjectType('OrganizationalUnit', { description: 'A unit of the organization\'s tree (department, division), usually synced from Entra ID or Google Workspace.' })
export class OrgUnitType {
  @Field(() => ID, { description: 'Unit id.' })
  id: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'The parent unit; null for a root.' })
  parentId: string | null;

  @Field(() => [String], { description: 'Names from the root down to this unit, e.g. ["Company", "Marketing Division"].' })
  path: string[];

  @Field(() => String, { nullable: true, description: 'The directory\'s id for the unit; null for units made here.' })
  externalId: string | null;

  @Field({ description: 'MANUAL, ENTRA_ID, GOOGLE_WORKSPACE or SCIM.' })
  source: string;

  @Field(() => Int, { description: 'How many members the unit has (not counting sub-units).' })
  memberCount: number;
}

@ObjectType('UserUnitMembership', { description: 'A unit a user belongs to, as shown (read-only when it comes from the directory) in user editing.' })
export class UserUnitMembershipType {
  @Field(() => OrgUnitType, { description: 'The unit.' })
  unit: OrgUnitType;

  @Field(() => UnitMembershipOrigin, { description: 'Where the membership comes from.' })
  managedBy: UnitMembershipOrigin;

  @Field({ description: 'False for directory memberships: change them in the identity provider.' })
  editable: boolean;
}

@InputType({ description: 'A unit as the directory exports it.' })
export class DirectoryUnitInput {
  @Field({ description: 'The directory\'s id for the unit. Up to 255 characters (longer is a userError).' })
  externalId: string;

  @Field({ description: 'Display name. Up to 200 characters (longer is a userError).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The parent\'s externalId; omitted for a root. At most 255 characters.' })
  parentExternalId?: string | null;
}

@InputType({ description: 'A user as the directory exports it.' })
export class DirectoryUserInput {
  @Field({ description: 'The directory\'s id for the user (matched against accounts\' externalId first). Up to 255 characters (longer is a userError).' })
  externalId: string;

  @Field(() => String, { nullable: true, description: 'E-mail, matched against members when the external id is not known here. At most 320 characters.' })
  email?: string | null;

  @Field(() => [String], { description: 'externalIds of the units the user is in. At most 255 characters.' })
  unitExternalIds: string[];
}

@InputType({ description: 'A whole directory snapshot: every unit and every user with their units.' })
export class SyncDirectoryInput {
  @Field(() => DirectorySource, { description: 'Which identity provider the snapshot comes from; each source manages its own units.' })
  source: DirectorySource;

  @Field(() => [DirectoryUnitInput], { description: 'Every unit (at most 10,000).' })
  units: DirectoryUnitInput[];

  @Field(() => [DirectoryUserInput], { description: 'Every user with their units (at most 100,000).' })
  users: DirectoryUserInput[];

  @Field(() => Boolean, { nullable: true, description: 'Report what would change without changing anything.' })
  dryRun?: boolean | null;
}

@ObjectType('DirectorySyncSummary', { description: 'What a sync changed (or, in a dry run or drift report, would change).' })
export class DirectorySyncSummary {
  @Field(() => Int, { description: 'Units created.' })
  unitsCreated: number;

  @Field(() => Int, { description: 'Units renamed or moved.' })
  unitsUpdated: number;

  @Field(() => Int, { description: 'Units removed (with their memberships).' })
  unitsRemoved: number;

  @Field(() => Int, { description: 'Directory memberships added.' })
  membershipsAdded: number;

  @Field(() => Int, { description: 'Directory memberships removed.' })
  membershipsRemoved: number;

  @Field(() => Int, { description: 'Users of the snapshot that match no member (skipped).' })
  unmatchedUserCount: number;

  @Field(() => [String], { description: 'externalIds of unmatched users (the first 100).' })
  unmatchedUsers: string[];
}

@ObjectType({ description: 'Result of syncDirectory.' })
export class SyncDirectoryPayload {
  @Field(() => DirectorySyncSummary, { nullable: true, description: 'What changed; null when the snapshot was refused.' })
  summary: DirectorySyncSummary | null;

  @Field({ description: 'True when changes were made (false for a dry run or a refused snapshot).' })
  applied: boolean;

  @Field(() => [IdentityUserError], { description: 'Every problem of a refused snapshot, with the path of the entry at fault; empty on success.' })
  userErrors: IdentityUserError[];
}

@ObjectType('DirectoryMembershipChange', { description: 'A directory membership that differs from the last snapshot.' })
export class DirectoryMembershipChange {
  @Field(() => ID, { description: 'The unit.' })
  unitId: string;

  @Field(() => UserType, { nullable: true, description: 'The member.' })
  user: unknown;

  /** Resolved into user. */
  accountId: string;
}

@ObjectType('DirectoryDrift', { description: 'How local state differs from the last snapshot: what a re-sync of it would change.' })
export class DirectoryDrift {
  @Field(() => DirectorySource, { description: 'The identity provider.' })
  source: DirectorySource;

  @Field(() => DateTimeResolver, { description: 'When the last snapshot was applied.' })
  lastSyncedAt: Date;

  @Field({ description: 'True when nothing differs.' })
  inSync: boolean;

  @Field(() => DirectorySyncSummary, { description: 'Counts of the differences.' })
  summary: DirectorySyncSummary;

  @Field(() => [String], { description: 'externalIds of snapshot units missing here or differing in name or parent (first 100).' })
  unitsDiffering: string[];

  @Field(() => [String], { description: 'externalIds of units here that the snapshot does not have (first 100).' })
  unitsUnexpected: string[];

  @Field(() => [DirectoryMembershipChange], { description: 'Memberships the snapshot implies that are missing here, e.g. a member who joined since (first 100).' })
  membershipsMissing: DirectoryMembershipChange[];

  @Field(() => [DirectoryMembershipChange], { description: 'Directory memberships here that the snapshot does not imply (first 100).' })
  membershipsUnexpected: DirectoryMembershipChange[];
}

@InputType({ description: 'A unit made by hand.' })
export class CreateOrgUnitInput {
  @Field({ description: 'Display name. Up to 200 characters (longer is a userError).' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'The parent unit; a root when omitted.' })
  parentId?: string | null;
}

@ObjectType({ description: 'Result of createOrganizationalUnit.' })
export class CreateOrgUnitPayload {
  @Field(() => OrgUnitType, { nullable: true, description: 'The new unit.' })
  unit: OrgUnitType | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}

@InputType({ description: 'A user and a unit.' })
export class UnitMemberInput {
  @Field(() => ID, { description: 'The unit.' })
  unitId: string;

  @Field(() => ID, { description: 'The user.' })
  userId: string;
}

@ObjectType({ description: 'Result of addUnitMember or removeUnitMember.' })
export class UnitMemberPayload {
  @Field(() => UserType, { nullable: true, description: 'The user, with their units after the change.' })
  user: unknown;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}
