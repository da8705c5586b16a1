import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { InquiryType } from '../inquiries/inquiries.types';
import { InquiryReplyType } from '../replies/replies.types';
import { InquiryChangeKind as Kind } from './inquiry-changes';

export const InquiryChangeKind = {
  CREATED: 'CREATED',
  MOVED: 'MOVED',
  REORDERED: 'REORDERED',
  REPLIED: 'REPLIED',
  NOTE_ADDED: 'NOTE_ADDED',
  ASSIGNED: 'ASSIGNED',
  CLOSED: 'CLOSED',
  REOPENED: 'REOPENED',
  REQUEST_APPLIED: 'REQUEST_APPLIED',
  DELETED: 'DELETED',
} as const satisfies Record<Kind, Kind>;
registerEnumType(InquiryChangeKind, {
  name: 'InquiryChangeKind',
  description: 'What happened to an inquiry.',
  valuesConfig: {
    CREATED: { description: 'A member sent it (on top of Open).' },
    MOVED: { description: 'An admin moved it to another column.' },
    REORDERED: { description: 'An admin moved it within its column.' },
    REPLIED: { description: 'Its author or an admin replied (`reply`).' },
    NOTE_ADDED: { description: 'An admin left an internal note (admins only).' },
    ASSIGNED: { description: 'Its assignee changed.' },
    CLOSED: { description: 'Its author closed it.' },
    REOPENED: { description: 'Its author reopened it (back on top of Open).' },
    REQUEST_APPLIED: { description: 'An admin applied what it asked for and resolved it.' },
    DELETED: { description: 'It is gone: its author was deleted from the organization.' },
  },
});

@ObjectType('InquiryChange', { description: 'A change to an inquiry, as the board (or its author) needs it to update.' })
export class InquiryChangeType {
  @Field(() => InquiryChangeKind, { description: 'What happened.' })
  change: Kind;

  @Field(() => InquiryType, { description: 'The inquiry after the change (as it was, for DELETED).' })
  inquiry: unknown;

  @Field(() => InquiryReplyType, { nullable: true, description: 'The new message, for REPLIED and NOTE_ADDED.' })
  reply: unknown;

  @Field(() => DateTimeResolver, { description: 'When the change was announced.' })
  changedAt: Date;
}
