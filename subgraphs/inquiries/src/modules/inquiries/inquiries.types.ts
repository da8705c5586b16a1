import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@gatehouse/shared';
import { InquiriesUserError } from '../../errors/inquiries-user-error';
import { InquiryStatus as Status } from './inquiry.entity';
import { InquirySortField } from './inquiries.service';

export const InquiryStatus = { OPEN: 'OPEN', IN_PROGRESS: 'IN_PROGRESS', RESOLVED: 'RESOLVED', CLOSED: 'CLOSED' } as const satisfies Record<Status, Status>;
registerEnumType(InquiryStatus, {
  name: 'InquiryStatus',
  description: 'A column of the inquiries board.',
  valuesConfig: {
    OPEN: { description: 'New (or reopened by its author), not yet taken up.' },
    IN_PROGRESS: { description: 'An admin is working on it.' },
    RESOLVED: { description: 'An admin considers it settled: its author confirms by closing it, or reopens it.' },
    CLOSED: { description: 'Closed by its author (only the author can): final.' },
  },
});

export const InquiryOrderField = { CREATED_AT: 'CREATED_AT', UPDATED_AT: 'UPDATED_AT', RANK: 'RANK' } as const satisfies Record<InquirySortField, InquirySortField>;
registerEnumType(InquiryOrderField, {
  name: 'InquiryOrderField',
  description: 'What inquiries are sorted by.',
  valuesConfig: {
    CREATED_AT: { description: 'When sent.' },
    UPDATED_AT: { description: 'When last moved, assigned or replied to.' },
    RANK: { description: 'Board order (the place admins dragged it to), meaningful within one status.' },
  },
});

export const InquiryOrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;
registerEnumType(InquiryOrderDirection, {
  name: 'InquiryOrderDirection',
  description: 'Sort direction of inquiries.',
  valuesConfig: { ASC: { description: 'Oldest first, or top of the column first.' }, DESC: { description: 'Newest first, or bottom of the column first.' } },
});

/** Identity's User: the inquiries subgraph adds the member's inquiries. */
@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A person in the viewer\'s organization.' })
export class UserStub {
  @Field(() => ID, { description: 'Account id.' })
  id: string;
}

/** Access control's Role, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Role', { description: 'A named set of grants; a member may hold several.' })
export class RoleStub {
  @Field(() => ID, { description: 'Role id.' })
  id: string;
}

/** Identity's Space, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Space', { description: 'A space (subtenant) of the organization: roles say what, spaces say where.' })
export class SpaceStub {
  @Field(() => ID, { description: 'Space id.' })
  id: string;
}

/** Access control's Group, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Group', { description: 'A group (Cloosphere): members (by hand, or everyone in linked units), grants and capability switches.' })
export class GroupStub {
  @Field(() => ID, { description: 'Group id.' })
  id: string;
}

@ObjectType('InquirySubtype', { description: 'A subtype of an inquiry type (e.g. Limit increase of Usage limit).' })
export class InquirySubtypeType {
  @Field(() => String, { description: 'What sendInquiry names it by, e.g. LIMIT_INCREASE.' })
  key: string;

  @Field(() => String, { description: 'Its name for people.' })
  name: string;
}

@ObjectType('InquiryType', { description: 'A type of inquiry a member picks in Contact Admin, with its subtypes.' })
export class InquiryTypeType {
  @Field(() => String, { description: 'What sendInquiry names it by, e.g. USAGE_LIMIT.' })
  key: string;

  @Field(() => String, { description: 'Its name for people.' })
  name: string;

  @Field(() => String, { description: 'What it is about.' })
  description: string;

  @Field(() => [InquirySubtypeType], { description: 'Its subtypes, in the order Contact Admin lists them.' })
  subtypes: InquirySubtypeType[];
}

@ObjectType('InquiryRequestedChange', { description: 'The change an inquiry asks for, which an admin applies in one step (applyInquiryRequest).' })
export class InquiryRequestedChangeType {
  @Field(() => SafeIntResolver, { nullable: true, description: 'A requested daily token limit for the author (0: unlimited); Usage limit / Limit increase inquiries.' })
  dailyTokens: number | null;

  @Field(() => RoleStub, { nullable: true, description: 'A requested role (in `space` when set, else organization-wide); Account / Permission request inquiries. Null with a space: the organization\'s default role there.' })
  role: RoleStub | null;

  @Field(() => SpaceStub, { nullable: true, description: 'A requested space: the role is asked for in it.' })
  space: SpaceStub | null;

  @Field(() => GroupStub, { nullable: true, description: 'A requested group to join; Account / Permission request inquiries.' })
  group: GroupStub | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When an admin applied it; null while not applied.' })
  appliedAt: Date | null;

  @Field(() => UserStub, { nullable: true, description: 'The admin who applied it.' })
  appliedBy: UserStub | null;
}

@ObjectType('Inquiry', { description: 'A member\'s inquiry to the admins (Contact Admin): one card on the inquiries board, with its thread.' })
export class InquiryType {
  @Field(() => ID, { description: 'Inquiry id.' })
  id: string;

  @Field(() => String, { description: 'The title the author gave it.' })
  title: string;

  @Field(() => String, { description: 'The author\'s message.' })
  message: string;

  @Field(() => InquiryStatus, { description: 'Its column: OPEN, IN_PROGRESS, RESOLVED (admins move it) or CLOSED (its author closed it).' })
  status: Status;

  @Field(() => Int, { description: 'How many replies its thread holds (internal notes not counted).' })
  replyCount: number;

  @Field(() => DateTimeResolver, { description: 'When it was sent.' })
  createdAt: Date;

  @Field(() => DateTimeResolver, { description: 'When it was last moved, assigned or replied to.' })
  updatedAt: Date;
}

@ObjectType('InquiryEdge', { description: 'An inquiry in a page of inquiries.' })
export class InquiryEdge {
  @Field({ description: 'Opaque position; pass as `after`.' })
  cursor: string;

  @Field(() => InquiryType, { description: 'The inquiry.' })
  node: InquiryType;
}

@ObjectType('InquiryConnection', { description: 'A page of inquiries.' })
export class InquiryConnection {
  @Field(() => [InquiryEdge], { description: 'The inquiries of this page.' })
  edges: InquiryEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo: PageInfo;

  /** Resolved by InquiryConnectionResolver, only when asked for. */
  totalCount: number;
}

@InputType({ description: 'Narrows a list of inquiries (and every column of the board).' })
export class InquiryFilter {
  @Field(() => [InquiryStatus], { nullable: true, description: 'Only inquiries in these columns (the board ignores it: each column is one).' })
  statuses?: Status[] | null;

  @Field(() => String, { nullable: true, description: 'Only this type (a key of inquiryTypes). At most 32 characters.' })
  type?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this subtype. At most 32 characters.' })
  subtype?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only inquiries this member sent.' })
  authorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only inquiries assigned to this admin.' })
  assigneeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the title or the message, any case. At most 200 characters.' })
  search?: string | null;
}

@InputType({ description: 'How inquiries are sorted.' })
export class InquiryOrder {
  @Field(() => InquiryOrderField, { description: 'The sort key.' })
  field: InquirySortField;

  @Field(() => InquiryOrderDirection, { description: 'The direction.' })
  direction: keyof typeof InquiryOrderDirection;
}

@InputType({ description: 'A new inquiry (Contact Admin).' })
export class SendInquiryInput {
  @Field(() => String, { description: 'A type key of inquiryTypes (a member awaiting approval may send ACCOUNT only). At most 32 characters.' })
  type: string;

  @Field(() => String, { description: 'A subtype key of that type. At most 32 characters.' })
  subtype: string;

  @Field(() => String, { description: 'Up to 200 characters (longer is a userError).' })
  title: string;

  @Field(() => String, { description: 'Not empty. At most 10,000 characters.' })
  message: string;

  @Field(() => SafeIntResolver, { nullable: true, description: 'USAGE_LIMIT / LIMIT_INCREASE only: the daily token limit asked for (0: unlimited).' })
  requestedDailyTokens?: number | null;

  @Field(() => ID, { nullable: true, description: 'ACCOUNT / PERMISSION_REQUEST only: a role of the organization asked for (in requestedSpaceId when set, else organization-wide).' })
  requestedRoleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'ACCOUNT / PERMISSION_REQUEST only: a space asked for, with requestedRoleId or else the organization\'s default role there.' })
  requestedSpaceId?: string | null;

  @Field(() => ID, { nullable: true, description: 'ACCOUNT / PERMISSION_REQUEST only, instead of a role: a group of the organization asked to join.' })
  requestedGroupId?: string | null;
}

@InputType({ description: 'An admin\'s drop of a card on the board.' })
export class MoveInquiryInput {
  @Field(() => ID, { description: 'The inquiry.' })
  inquiryId: string;

  @Field(() => InquiryStatus, { description: 'The column it goes to: OPEN, IN_PROGRESS or RESOLVED (CLOSED is the author\'s: CLOSE_IS_AUTHORS); its own column to reorder.' })
  status: Status;

  @Field(() => ID, { nullable: true, description: 'The card of that column it goes right after; omitted or null: on top.' })
  afterInquiryId?: string | null;
}

@InputType({ description: 'One inquiry.' })
export class InquiryIdInput {
  @Field(() => ID, { description: 'The inquiry.' })
  inquiryId: string;
}

@InputType({ description: 'Who handles an inquiry.' })
export class AssignInquiryInput {
  @Field(() => ID, { description: 'The inquiry.' })
  inquiryId: string;

  @Field(() => ID, { nullable: true, description: 'An ACTIVE admin of the organization with Inquiries WRITE; null: nobody.' })
  assigneeId?: string | null;
}

@ObjectType('InquiryPayload', { description: 'The outcome of a change to an inquiry.' })
export class InquiryPayload {
  @Field(() => InquiryType, { nullable: true, description: 'The inquiry after the change; null when refused.' })
  inquiry: unknown;

  @Field(() => [InquiriesUserError], { description: 'Why the change was refused; empty on success.' })
  userErrors: InquiriesUserError[];
}
