import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChangeOutcome, MailOutbox, MemberViewer, RuleViolation, SubscriptionPubSub, dateParameter, forbidden, ok, refused } from '@gatehouse/shared';
import { InquiriesErrorCode, InquiriesResult, inquiriesErrorCodes } from '../../errors/inquiries-error-code';
import { recordInquiriesEvent } from '../../events';
import { underBoardLock } from '../board/board-lock';
import { rankFor } from '../board/column-ranks';
import { InquiryDirectory } from '../inquiries/inquiry-directory';
import { Inquiry } from '../inquiries/inquiry.entity';
import { publishInquiryChange } from '../live/inquiry-changes';
import { replyMail } from '../mail/inquiry-mail';
import { InquiryReply } from '../replies/inquiry-reply.entity';
import { RequestAppliers } from './request-appliers';

const notFound = () => refused(new RuleViolation('INQUIRY_NOT_FOUND', 'No such inquiry in this organization.', ['input', 'inquiryId']));

/** A refusal the owning subgraph answered, under its own code when the inquiries enum lists it. */
function refusalOf(outcome: Extract<ChangeOutcome, { outcome: 'REFUSED' }>): InquiriesResult<never> {
  const code = (outcome.code in inquiriesErrorCodes ? outcome.code : 'REQUEST_REFUSED') as InquiriesErrorCode;
  return refused(new RuleViolation(code, outcome.message, outcome.field));
}

/**
 * "Requests an admin applies in one step": the inquiry's requested daily token limit, role, space or
 * group is given to its author by the owning subgraph, acting as the admin (their own permissions,
 * the direct mutation's rules and codes); then, in one transaction, the inquiry records it, a reply
 * says what was done, the card moves to Resolved, and the author is mailed.
 */
export class InquiryRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: InquiryDirectory,
    private readonly appliers: RequestAppliers,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
    private readonly pubsub: SubscriptionPubSub,
    private readonly now: () => number,
    private readonly options: { appUrl: string; claimTtlMs: number },
  ) {}

  async apply(admin: MemberViewer, inquiryId: string): Promise<InquiriesResult<Inquiry>> {
    const { organizationId } = admin;
    const inquiry = inquiryId.length <= 64 ? await this.dataSource.getRepository(Inquiry).findOne({ where: { organizationId, id: inquiryId } }) : null;
    if (!inquiry) return notFound();
    if (inquiry.status === 'CLOSED') return refused(new RuleViolation('INQUIRY_CLOSED', 'The inquiry is closed.', ['input', 'inquiryId']));
    if (inquiry.requestAppliedAt) return refused(new RuleViolation('ALREADY_APPLIED', `Applied on ${inquiry.requestAppliedAt.toISOString()}.`, ['input', 'inquiryId']));
    const kind = inquiry.requestedDailyTokens !== null ? 'DAILY_TOKEN_LIMIT' : inquiry.requestedGroupId ? 'GROUP' : inquiry.requestedRoleId || inquiry.requestedSpaceId ? 'ROLE' : null;
    if (!kind) return refused(new RuleViolation('NO_REQUEST', 'The inquiry asks for no change an admin could apply.', ['input', 'inquiryId']));
    if (!(await this.claim(inquiry))) return refused(new RuleViolation('REQUEST_BEING_APPLIED', 'Another admin is applying this request right now.', ['input', 'inquiryId']));

    let outcome: ChangeOutcome;
    try {
      const request = { organizationId, actorId: admin.accountId, inquiryId: inquiry.id, targetId: inquiry.authorId };
      outcome = kind === 'DAILY_TOKEN_LIMIT'
        ? await this.appliers.limit({ ...request, dailyTokens: inquiry.requestedDailyTokens! })
        : await this.appliers.access({ ...request, roleId: inquiry.requestedRoleId, spaceId: inquiry.requestedSpaceId, groupId: inquiry.requestedGroupId });
    } catch (error) {
      await this.release(inquiry);
      throw error;
    }
    if (outcome.outcome !== 'APPLIED') {
      await this.release(inquiry);
      if (outcome.outcome === 'FORBIDDEN') throw forbidden(outcome.message);
      return refusalOf(outcome);
    }
    return ok(await this.record(admin, inquiry, kind, outcome.summary));
  }

  /** Claims the request for this attempt: one admin at a time; a claim older than its lifetime is taken over. */
  private async claim(inquiry: Inquiry): Promise<boolean> {
    const now = this.now();
    const { affected } = await this.dataSource
      .createQueryBuilder()
      .update(Inquiry)
      .set({ requestClaimedAt: new Date(now) })
      .where('id = :id AND requestAppliedAt IS NULL AND (requestClaimedAt IS NULL OR requestClaimedAt < :stale)', { id: inquiry.id, stale: dateParameter(this.dataSource, now - this.options.claimTtlMs) })
      .execute();
    return Boolean(affected);
  }

  private async release(inquiry: Inquiry): Promise<void> {
    await this.dataSource.getRepository(Inquiry).update({ id: inquiry.id }, { requestClaimedAt: null });
  }

  /** The applied request on the inquiry: its reply, its move to Resolved, its events and the author's mail, in one transaction. */
  private async record(admin: MemberViewer, inquiry: Inquiry, kind: string, summary: string): Promise<Inquiry> {
    const { organizationId } = admin;
    const contacts = await this.directory.contacts(organizationId, [inquiry.authorId, admin.accountId]);
    const adminName = contacts.members.find((m) => m.id === admin.accountId)?.name ?? 'An admin';
    const at = new Date(this.now());
    const reply: InquiryReply = { id: randomUUID(), organizationId, inquiryId: inquiry.id, authorId: admin.accountId, authorPseudonym: null, fromAdmin: true, internal: false, body: `${summary} This inquiry is now resolved: close it if that settles it, or reopen it.`, createdAt: at };
    const after = await underBoardLock(this.dataSource, organizationId, async (manager) => {
      const current = await manager.findOneOrFail(Inquiry, { where: { id: inquiry.id } });
      // Resolved on top, unless its author closed it meanwhile (then it stays closed, with the change recorded).
      const status = current.status === 'CLOSED' || current.status === 'RESOLVED' ? current.status : 'RESOLVED';
      const rank = status === current.status ? current.rank : await rankFor(manager, organizationId, status, { top: true }, current.id);
      const changed: Partial<Inquiry> = { status, rank, requestAppliedAt: at, requestAppliedBy: admin.accountId, requestClaimedAt: null, replyCount: current.replyCount + 1, updatedAt: at };
      await manager.update(Inquiry, { id: current.id }, changed);
      await manager.insert(InquiryReply, reply);
      const base = { organizationId, inquiryId: current.id, actorId: admin.accountId, authorId: current.authorId };
      await recordInquiriesEvent(manager, 'inquiry.request_applied', { ...base, change: { kind, dailyTokens: current.requestedDailyTokens, roleId: current.requestedRoleId, spaceId: current.requestedSpaceId, groupId: current.requestedGroupId, summary } });
      if (status !== current.status) await recordInquiriesEvent(manager, 'inquiry.status_changed', { ...base, from: current.status, to: status });
      const author = contacts.members.find((m) => m.id === current.authorId);
      if (author) await this.mail.queue(manager, replyMail(author, current, adminName, reply.body, { organizationName: contacts.organizationName, appUrl: this.options.appUrl }));
      return { ...current, ...changed } as Inquiry;
    });
    await this.afterCommit();
    publishInquiryChange(this.pubsub, 'REQUEST_APPLIED', after, reply);
    return after;
  }
}
