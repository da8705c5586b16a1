import { EntityManager, DataSource } from 'typeorm';
import { Area, Level, MailOutbox, MemberViewer, RuleViolation, SubscriptionPubSub, ok, refused, viewerCan } from '@gatehouse/shared';
import { InquiriesErrorCode, InquiriesResult, inquiriesErrorCodes } from '../../errors/inquiries-error-code';
import { recordInquiriesEvent } from '../../events';
import { InquiryDirectory } from '../inquiries/inquiry-directory';
import { Inquiry, InquiryStatus } from '../inquiries/inquiry.entity';
import { InquiryChangeKind, publishInquiryChange } from '../live/inquiry-changes';
import { resolvedMail } from '../mail/inquiry-mail';
import { underBoardLock } from './board-lock';
import { Placement, rankFor } from './column-ranks';
import { StatusChange, nextStatus } from './status-rules';

export interface MoveRequest {
  inquiryId: string;
  status: InquiryStatus;
  /** The card of the target column to put it right after; null: on top. */
  afterInquiryId?: string | null;
}

/** A refusal with the code's own line, at `field`. */
const refusal = (code: InquiriesErrorCode, field: string[] | null = null, message: string = inquiriesErrorCodes[code]) => refused(new RuleViolation(code, message, field));

/**
 * Cards changing column or place: admins drag them (OPEN, IN PROGRESS, RESOLVED and reordering),
 * authors close and reopen theirs. Each change runs under the board lock with a conditional
 * update, so concurrent moves neither lose nor duplicate a card; a status change is audited.
 */
export class BoardMovesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: InquiryDirectory,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
    private readonly pubsub: SubscriptionPubSub,
    private readonly now: () => number,
    private readonly appUrl: string,
  ) {}

  /** An admin's drop: to another column (not CLOSED) or another place in the same one. */
  async move(admin: MemberViewer, request: MoveRequest): Promise<InquiriesResult<Inquiry>> {
    // Resolving tells the author by mail: their address is read before the transaction.
    const contacts = request.status === 'RESOLVED' ? await this.authorContact(admin.organizationId, request.inquiryId) : null;
    return this.change(admin, request.inquiryId, { by: 'admin', to: request.status }, request.afterInquiryId ?? null, async (manager, before, after) => {
      if (contacts?.author && before.status !== 'RESOLVED' && after.status === 'RESOLVED') await this.mail.queue(manager, resolvedMail(contacts.author, after, { organizationName: contacts.organizationName, appUrl: this.appUrl }));
    });
  }

  /** The author closes their inquiry (from any column): only they can. */
  close(author: MemberViewer, inquiryId: string): Promise<InquiriesResult<Inquiry>> {
    return this.change(author, inquiryId, { by: 'author', action: 'close' }, null);
  }

  /** The author reopens their RESOLVED inquiry: back on top of Open. */
  reopen(author: MemberViewer, inquiryId: string): Promise<InquiriesResult<Inquiry>> {
    return this.change(author, inquiryId, { by: 'author', action: 'reopen' }, null);
  }

  private async authorContact(organizationId: string, inquiryId: string) {
    const inquiry = await this.dataSource.getRepository(Inquiry).findOne({ where: { organizationId, id: inquiryId }, select: { id: true, authorId: true } });
    if (!inquiry) return null;
    const { organizationName, members } = await this.directory.contacts(organizationId, [inquiry.authorId]);
    return { organizationName, author: members[0] ?? null };
  }

  private async change(actor: MemberViewer, inquiryId: string, change: StatusChange, afterId: string | null, alongside?: (manager: EntityManager, before: Inquiry, after: Inquiry) => Promise<void>): Promise<InquiriesResult<Inquiry>> {
    const { organizationId } = actor;
    const outcome = await underBoardLock(this.dataSource, organizationId, async (manager) => {
      const before = await manager.findOne(Inquiry, { where: { organizationId, id: inquiryId } });
      // Someone who may not read the board is told the same of another's inquiry as of none.
      if (!before || (change.by === 'author' && before.authorId !== actor.accountId && !viewerCan(actor, Area.INQUIRIES, Level.READ))) return refusal('INQUIRY_NOT_FOUND', ['input', 'inquiryId']);
      if (change.by === 'author' && before.authorId !== actor.accountId) return refusal('NOT_AUTHOR', ['input', 'inquiryId'], change.action === 'close' ? inquiriesErrorCodes.CLOSE_IS_AUTHORS : inquiriesErrorCodes.NOT_AUTHOR);
      const next = nextStatus(before.status, change);
      if (!next.ok) return refusal(next.code, change.by === 'admin' ? ['input', 'status'] : ['input', 'inquiryId']);
      let placement: Placement = { top: true };
      if (afterId) {
        const anchor = await manager.findOne(Inquiry, { where: { organizationId, id: afterId, status: next.status } });
        if (!anchor || anchor.id === before.id) return refusal('AFTER_INQUIRY_NOT_FOUND', ['input', 'afterInquiryId']);
        placement = { after: anchor };
      }
      const rank = await rankFor(manager, organizationId, next.status, placement, before.id);
      const updatedAt = new Date(this.now());
      const { affected } = await manager.createQueryBuilder().update(Inquiry).set({ status: next.status, rank, updatedAt }).where('id = :id AND status = :from', { id: before.id, from: before.status }).execute();
      if (!affected) throw new Error('an inquiry changed under the board lock');
      const after: Inquiry = { ...before, status: next.status, rank, updatedAt };
      if (before.status !== after.status) {
        await recordInquiriesEvent(manager, 'inquiry.status_changed', { organizationId, inquiryId: before.id, actorId: actor.accountId, authorId: before.authorId, from: before.status, to: after.status });
      }
      await alongside?.(manager, before, after);
      return ok({ before, after });
    });
    if (!outcome.ok) return outcome;
    const { before, after } = outcome.value;
    await this.afterCommit();
    const kind: InquiryChangeKind = change.by === 'author' ? (change.action === 'close' ? 'CLOSED' : 'REOPENED') : before.status === after.status ? 'REORDERED' : 'MOVED';
    publishInquiryChange(this.pubsub, kind, after);
    return ok(after);
  }
}
