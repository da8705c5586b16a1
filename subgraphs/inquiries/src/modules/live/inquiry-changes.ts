import { SubscriptionPubSub } from '@gatehouse/shared';
import { Inquiry } from '../inquiries/inquiry.entity';
import { InquiryReply } from '../replies/inquiry-reply.entity';

/** What happened to an inquiry, as the board's and the author's subscriptions tell it. */
export type InquiryChangeKind = 'CREATED' | 'MOVED' | 'REORDERED' | 'REPLIED' | 'NOTE_ADDED' | 'ASSIGNED' | 'CLOSED' | 'REOPENED' | 'REQUEST_APPLIED' | 'DELETED';

/** What the author hears of: their inquiry's status and thread, never notes, positions or assignment. */
const toldToAuthor: ReadonlySet<InquiryChangeKind> = new Set(['MOVED', 'REPLIED', 'CLOSED', 'REOPENED', 'REQUEST_APPLIED']);

/** Through Redis dates arrive as text. */
type Published<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | string };
export type PublishedInquiry = Published<Inquiry, 'createdAt' | 'updatedAt' | 'requestAppliedAt' | 'requestClaimedAt'>;
export type PublishedReply = Published<InquiryReply, 'createdAt'>;

export interface PublishedInquiryChange {
  change: InquiryChangeKind;
  changedAt: string;
  inquiry: PublishedInquiry;
  reply: PublishedReply | null;
}

/** The pub/sub topic of an organization's board (Inquiries READ). */
export function boardTopic(organizationId: string): string {
  return `inquiries:board:${organizationId}`;
}

/** The pub/sub topic of one member's own inquiries in an organization. */
export function authorTopic(organizationId: string, authorId: string): string {
  return `inquiries:author:${organizationId}:${authorId}`;
}

/**
 * Tells the board's subscribers of a change, and the author too when it is theirs to know (a
 * status change, a reply that is no internal note). Call it after the change committed.
 */
export function publishInquiryChange(pubsub: SubscriptionPubSub, change: InquiryChangeKind, inquiry: Inquiry, reply: InquiryReply | null = null, changedAt = new Date()): void {
  const message: PublishedInquiryChange = { change, changedAt: changedAt.toISOString(), inquiry, reply };
  pubsub.publish(boardTopic(inquiry.organizationId), message);
  if (toldToAuthor.has(change) && !reply?.internal) pubsub.publish(authorTopic(inquiry.organizationId, inquiry.authorId), message);
}

/** The stored inquiry back from the pub/sub (dates revived). */
export function revivedInquiry(published: PublishedInquiry): Inquiry {
  return { ...published, createdAt: new Date(published.createdAt), updatedAt: new Date(published.updatedAt), requestAppliedAt: published.requestAppliedAt === null ? null : new Date(published.requestAppliedAt), requestClaimedAt: null };
}

export function revivedReply(published: PublishedReply): InquiryReply {
  return { ...published, createdAt: new Date(published.createdAt) };
}
