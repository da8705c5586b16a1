import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { PageInfo } from '@gatehouse/shared';
import { InquiriesUserError } from '../../errors/inquiries-user-error';
import { InquiryType } from '../inquiries/inquiries.types';

@ObjectType('InquiryReply', { description: 'A message in an inquiry\'s thread: the author\'s, an admin\'s, or an admin\'s internal note.' })
export class InquiryReplyType {
  @Field(() => ID, { description: 'Reply id.' })
  id: string;

  @Field(() => String, { description: 'What it says.' })
  body: string;

  @Field(() => Boolean, { description: 'An internal note: shown to admins only (the author never sees it).' })
  internal: boolean;

  @Field(() => Boolean, { description: 'Written by an admin rather than by the inquiry\'s author.' })
  fromAdmin: boolean;

  @Field(() => String, { nullable: true, description: 'Who wrote it once they are deleted (a stable pseudonym, e.g. "Former admin 3f2a9c"); null while `author` is set.' })
  authorPseudonym: string | null;

  @Field(() => DateTimeResolver, { description: 'When it was written.' })
  createdAt: Date;
}

@ObjectType('InquiryReplyEdge', { description: 'A message in a page of a thread.' })
export class InquiryReplyEdge {
  @Field({ description: 'Opaque position; pass as `after`.' })
  cursor: string;

  @Field(() => InquiryReplyType, { description: 'The message.' })
  node: InquiryReplyType;
}

@ObjectType('InquiryReplyConnection', { description: 'A page of an inquiry\'s thread, oldest first.' })
export class InquiryReplyConnection {
  @Field(() => [InquiryReplyEdge], { description: 'The messages of this page.' })
  edges: InquiryReplyEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole thread.' })
  pageInfo: PageInfo;

  /** Resolved by InquiryReplyConnectionResolver, only when asked for. */
  totalCount: number;
}

@InputType({ description: 'A message for an inquiry\'s thread.' })
export class ReplyToInquiryInput {
  @Field(() => ID, { description: 'The inquiry.' })
  inquiryId: string;

  @Field(() => String, { description: 'Not empty. At most 10,000 characters.' })
  body: string;

  @Field(() => Boolean, { nullable: true, description: 'An internal note for admins only (Inquiries WRITE); false when omitted.' })
  internal?: boolean | null;
}

@ObjectType('ReplyToInquiryPayload', { description: 'The outcome of replying.' })
export class ReplyToInquiryPayload {
  @Field(() => InquiryReplyType, { nullable: true, description: 'The new message; null when refused.' })
  reply: unknown;

  @Field(() => InquiryType, { nullable: true, description: 'The inquiry after the reply.' })
  inquiry: unknown;

  @Field(() => [InquiriesUserError], { description: 'Why the reply was refused; empty on success.' })
  userErrors: InquiriesUserError[];
}
