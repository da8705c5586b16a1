import { DateTimeResolver, EmailAddressResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@gatehouse/shared';
import { MembershipStatus as MembershipStatusValue } from '../accounts/membership.entity';

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  PENDING = 'PENDING',
}
registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'ACTIVE members use the platform; PENDING members have no access until an admin activates them.',
});

/** What identity knows of a user inside one organization (account + membership). */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  lastName: string;
  emailConfirmed: boolean;
  jobTitle: string | null;
  phone: string | null;
  language: string | null;
  profileImageUrl: string | null;
  externalId: string | null;
  lastActivityAt: Date;
  organizationId: string;
  membershipStatus: MembershipStatusValue;
  joinedAt: Date;
  isFirstUser: boolean;
  isDesignatedSuperAdmin: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A person in the viewer\'s organization: their account and membership.' })
export class UserType implements Partial<UserRecord> {
  @Field(() => ID, { description: 'Stable account id, the same in every organization.' })
  id: string;

  @Field(() => EmailAddressResolver, { nullable: true, description: 'Sign-in e-mail address.' })
  email: string;

  @Field(() => String, { nullable: true, description: 'Given name.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName: string;

  @Field(() => String, { nullable: true, description: 'Name and last name, as displayed.' })
  fullName: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  jobTitle: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number, as entered.' })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Preferred language (BCP 47 tag such as en or pt-BR).' })
  language: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the profile image.' })
  profileImageUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Id at the external identity provider (OAuth/SSO), when the account signs in through one.' })
  externalId: string | null;

  @Field(() => MembershipStatus, { nullable: true, description: 'ACTIVE or PENDING in this organization.' })
  membershipStatus: MembershipStatusValue;

  @Field(() => Boolean, { nullable: true, description: 'Whether the e-mail address has been confirmed.' })
  emailConfirmed: boolean;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the user joined this organization.' })
  joinedAt: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Last sign-in or session refresh into this organization.' })
  lastActivityAt: Date;

  @Field(() => Boolean, { nullable: true, description: 'The organization\'s first user, whose role can never be changed.' })
  isFirstUser: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether this user is the organization\'s designated Super Admin (SA badge).' })
  isDesignatedSuperAdmin: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType('Organization', { description: 'A tenant: its members, roles and data are separate from every other organization.' })
export class OrganizationType {
  @Field(() => ID, { description: 'Organization id.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Display name.' })
  name: string;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the organization was created.' })
  createdAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'E-mail of the designated Super Admin, shown to PENDING members as whom to contact for activation.',
  })
  pendingApprovalContactEmail: string;

  /** Resolved by a field resolver. */
  designatedSuperAdminId: string;
}

@ObjectType('UserEdge', { description: 'A user in a page of users.' })
export class UserEdge {
  @Field({ description: 'Opaque position of this user; pass as `after`.' })
  cursor: string;

  @Field(() => UserType, { description: 'The user.' })
  node: UserRecord;
}

@ObjectType('UserConnection', { description: 'A page of users.' })
export class UserConnection {
  @Field(() => [UserEdge], { description: 'The users of this page.' })
  edges: UserEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo: PageInfo;
}

@ObjectType('OrganizationMembership', { description: 'One organization the signed-in account belongs to.' })
export class OrganizationMembershipType {
  @Field(() => OrganizationType, { nullable: true, description: 'The organization.' })
  organization: unknown;

  @Field(() => MembershipStatus, { description: 'ACTIVE or PENDING there.' })
  status: MembershipStatusValue;

  @Field(() => DateTimeResolver, { description: 'When the account joined it.' })
  joinedAt: Date;
}
