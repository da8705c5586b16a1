import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@gatehouse/shared';
import { InvitationsUserError } from '../../errors/invitations-user-error';
import { Invitation } from './invitation.entity';
import { InvitationStatus as Status, statusOf } from './invitation-status';
import { InvitationSortField } from './invitations.service';

export const InvitationStatus = { PENDING: 'PENDING', EXPIRED: 'EXPIRED', ACCEPTED: 'ACCEPTED', REVOKED: 'REVOKED' } as const satisfies Record<Status, Status>;
registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'Where an invitation stands.',
  valuesConfig: {
    PENDING: { description: 'Sent and not yet accepted; the link works until `expiresAt`.' },
    EXPIRED: { description: 'Not accepted before `expiresAt`: the link no longer works; resend it to send a new one.' },
    ACCEPTED: { description: 'The invitee joined.' },
    REVOKED: { description: 'Revoked by an admin, or closed because its space was archived or the invitee was added to the organization another way: the link no longer works. Kept in the list (filter by status to hide it).' },
  },
});

export const InvitationOrderField = { SENT_AT: 'SENT_AT', EXPIRES_AT: 'EXPIRES_AT', EMAIL: 'EMAIL' } as const satisfies Record<InvitationSortField, InvitationSortField>;
registerEnumType(InvitationOrderField, {
  name: 'InvitationOrderField',
  description: 'What invitations are sorted by.',
  valuesConfig: { SENT_AT: { description: 'When sent or last resent.' }, EXPIRES_AT: { description: 'When the link stops working.' }, EMAIL: { description: 'The invited address.' } },
});

export const InvitationOrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;
registerEnumType(InvitationOrderDirection, {
  name: 'InvitationOrderDirection',
  description: 'Sort direction of invitations.',
  valuesConfig: { ASC: { description: 'Oldest, soonest or A first.' }, DESC: { description: 'Newest, latest or Z first.' } },
});

/** Access control's Role, referenced by id (its fields come from access control). */
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

/** Identity's User, referenced by id. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User', { description: 'A person in the viewer\'s organization.' })
export class UserStub {
  @Field(() => ID, { description: 'Account id.' })
  id: string;
}

@ObjectType('Invitation', { description: 'An invitation of an e-mail address into the organization (or one of its spaces) with a role.' })
export class InvitationType {
  @Field(() => ID, { description: 'Invitation id.' })
  id: string;

  @Field({ description: 'The invited address, lower-cased.' })
  email: string;

  @Field(() => InvitationStatus, { description: 'PENDING, EXPIRED (pending past `expiresAt`), ACCEPTED or REVOKED.' })
  status: Status;

  @Field(() => DateTimeResolver, { description: 'When it was sent, or last resent.' })
  sentAt: Date;

  @Field(() => DateTimeResolver, { description: 'When its link stops working (days after `sentAt`: see `expiryDays`).' })
  expiresAt: Date;

  @Field(() => Int, { description: 'How many days the invitation is valid after it is sent or resent.' })
  expiryDays: number;

  @Field(() => RoleStub, { description: 'The role the invitee gets (access control\'s Role). When that role is deleted, the role its members were moved to, else the organization\'s default role at that moment.' })
  role: RoleStub;

  @Field(() => SpaceStub, { nullable: true, description: 'The space the role is given in; null: the whole organization.' })
  space: SpaceStub | null;

  @Field(() => UserStub, { nullable: true, description: 'Who sent it; null once they are deleted from the organization (the invitation stays valid).' })
  invitedBy: UserStub | null;
}

/** The GraphQL view of a stored invitation, its status as of `now`. */
export function toInvitationType(invitation: Invitation, now: number): InvitationType {
  return {
    id: invitation.id,
    email: invitation.email,
    status: statusOf(invitation, now),
    sentAt: invitation.sentAt,
    expiresAt: invitation.expiresAt,
    expiryDays: invitation.expiryDays,
    role: { id: invitation.roleId },
    space: invitation.spaceId ? { id: invitation.spaceId } : null,
    invitedBy: invitation.invitedBy ? { id: invitation.invitedBy } : null,
  };
}

@ObjectType('InvitationEdge', { description: 'An invitation in a page of invitations.' })
export class InvitationEdge {
  @Field({ description: 'Opaque position; pass as `after`.' })
  cursor: string;

  @Field(() => InvitationType, { description: 'The invitation.' })
  node: InvitationType;
}

@ObjectType('InvitationConnection', { description: 'A page of the organization\'s invitations.' })
export class InvitationConnection {
  @Field(() => [InvitationEdge], { description: 'The invitations of this page.' })
  edges: InvitationEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
  pageInfo: PageInfo;

  /** Resolved by InvitationConnectionResolver, only when asked for. */
  totalCount: number;
}

@InputType({ description: 'Narrows the list of invitations.' })
export class InvitationFilter {
  @Field(() => InvitationStatus, { nullable: true, description: 'Only invitations with this status (EXPIRED: pending past their expiry).' })
  status?: Status | null;

  @Field(() => String, { nullable: true, description: 'Part of the e-mail address, any case. At most 200 characters.' })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only invitations with this role.' })
  roleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only invitations into this space.' })
  spaceId?: string | null;
}

@InputType({ description: 'How invitations are sorted.' })
export class InvitationOrder {
  @Field(() => InvitationOrderField, { description: 'The sort key.' })
  field: InvitationSortField;

  @Field(() => InvitationOrderDirection, { nullable: true, description: 'ASC (default) or DESC.' })
  direction?: 'ASC' | 'DESC' | null;
}

@InputType({ description: 'Whom to invite.' })
export class InviteTeammateInput {
  @Field({ description: 'The invitee\'s e-mail address (any case; stored lower-cased). At most 254 characters.' })
  email: string;

  @Field(() => ID, { nullable: true, description: 'The role they get; the organization\'s default role when omitted.' })
  roleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The space the role is given in; the whole organization when omitted.' })
  spaceId?: string | null;
}

@InputType({ description: 'The invitation to resend or revoke.' })
export class InvitationIdInput {
  @Field(() => ID, { description: 'The invitation.' })
  id: string;
}

@ObjectType({ description: 'Result of sending, resending or revoking an invitation.' })
export class InvitationPayload {
  @Field(() => InvitationType, { nullable: true, description: 'The invitation after the change; null when userErrors is not empty.' })
  invitation: InvitationType | null;

  @Field(() => [InvitationsUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: InvitationsUserError[];
}
