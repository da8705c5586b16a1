import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Area, Level, MailOutbox, MemberViewer, Page, RuleViolation, SubscriptionPubSub, dateParameter, decodeCursor, encodeCursor, ok, pageOf, refused, viewerCan } from '@gatehouse/shared';
import { InquiriesResult } from '../../errors/inquiries-error-code';
import { InquiryDirectory } from '../inquiries/inquiry-directory';
import { Inquiry } from '../inquiries/inquiry.entity';
import { checkedText } from '../inquiries/inquiry-texts';
import { timeOf } from '../inquiries/time-cursor';
import { publishInquiryChange } from '../live/inquiry-changes';
import { replyMail } from '../mail/inquiry-mail';
import { InquiryReply } from './inquiry-reply.entity';

export interface ReplyRequest {
  inquiryId: string;
  body: string;
  internal?: boolean | null;
}

/** A page of a thread; the count of all its (visible) messages is read only when asked for. */
export type ReplyPage = Page<InquiryReply> & { countAll: () => Promise<number> };

/**
 * The thread of an inquiry, between its author and the admins: admins (Inquiries WRITE) reply to
 * any inquiry and leave internal notes; the author replies to their own. The author is told of an
 * admin's reply by mail and live; a note reaches admins only.
 */
export class RepliesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: InquiryDirectory,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
    private readonly pubsub: SubscriptionPubSub,
    private readonly now: () => number,
    private readonly appUrl: string,
  ) {}

  async reply(writer: MemberViewer, request: ReplyRequest): Promise<InquiriesResult<{ inquiry: Inquiry; reply: InquiryReply }>> {
    const { organizationId } = writer;
    const body = checkedText(request.body, 10_000, ['input', 'body']);
    if (!body.ok) return body;
    const inquiry = await this.dataSource.getRepository(Inquiry).findOne({ where: { organizationId, id: request.inquiryId } });
    const own = inquiry?.authorId === writer.accountId;
    const admin = viewerCan(writer, Area.INQUIRIES, Level.WRITE);
    if (!inquiry || (!own && !viewerCan(writer, Area.INQUIRIES, Level.READ))) return refused(new RuleViolation('INQUIRY_NOT_FOUND', 'No such inquiry in this organization (or it is not yours).', ['input', 'inquiryId']));
    if (!own && !admin) return refused(new RuleViolation('NOT_ALLOWED', 'Replying to another member\'s inquiry takes Inquiries WRITE.', ['input', 'inquiryId']));
    const internal = Boolean(request.internal);
    if (internal && !admin) return refused(new RuleViolation('NOTES_ARE_ADMINS', 'Internal notes are for admins (Inquiries WRITE).', ['input', 'internal']));
    if (inquiry.status === 'CLOSED') return refused(new RuleViolation('INQUIRY_CLOSED', 'The inquiry is closed: its thread takes no more replies.', ['input', 'inquiryId']));
    const fromAdmin = !own;
    // An admin's reply is mailed to the author: both names and the address are read before the transaction.
    const contacts = fromAdmin && !internal ? await this.directory.contacts(organizationId, [inquiry.authorId, writer.accountId]) : null;
    const createdAt = new Date(this.now());
    const reply: InquiryReply = { id: randomUUID(), organizationId, inquiryId: inquiry.id, authorId: writer.accountId, authorPseudonym: null, fromAdmin, internal, body: body.value, createdAt };
    const counter = internal ? 'noteCount' : 'replyCount';
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(InquiryReply, reply);
      await manager.createQueryBuilder().update(Inquiry).set({ [counter]: () => `${counter} + 1`, updatedAt: createdAt }).where('id = :id', { id: inquiry.id }).execute();
      const author = contacts?.members.find((m) => m.id === inquiry.authorId);
      if (author) {
        const adminName = contacts!.members.find((m) => m.id === writer.accountId)?.name ?? 'An admin';
        await this.mail.queue(manager, replyMail(author, inquiry, adminName, reply.body, { organizationName: contacts!.organizationName, appUrl: this.appUrl }));
      }
    });
    if (contacts) await this.afterCommit();
    const after: Inquiry = { ...inquiry, [counter]: inquiry[counter] + 1, updatedAt: createdAt };
    publishInquiryChange(this.pubsub, internal ? 'NOTE_ADDED' : 'REPLIED', after, reply);
    return ok({ inquiry: after, reply });
  }

  /** A page of the thread, oldest first; internal notes only when `withNotes`. */
  async thread(inquiry: Inquiry, withNotes: boolean, first: number, after?: string | null): Promise<ReplyPage> {
    const base = () => {
      const query = this.dataSource.getRepository(InquiryReply).createQueryBuilder('r').where('r.inquiryId = :inquiryId AND r.organizationId = :organizationId', { inquiryId: inquiry.id, organizationId: inquiry.organizationId });
      if (!withNotes) query.andWhere('r.internal = :internal', { internal: false });
      return query;
    };
    const query = base();
    if (after) {
      const position = decodeCursor(after);
      const value = dateParameter(this.dataSource, timeOf(position));
      query.andWhere('r.createdAt >= :cursorValue AND (r.createdAt > :cursorValue OR r.id > :cursorId)', { cursorValue: value, cursorId: position.id });
    }
    const rows = await query.orderBy('r.createdAt', 'ASC').addOrderBy('r.id', 'ASC').take(first + 1).getMany();
    return { ...pageOf(rows, first, Boolean(after), (r) => encodeCursor({ value: r.createdAt.getTime(), id: r.id })), countAll: () => base().getCount() };
  }
}
