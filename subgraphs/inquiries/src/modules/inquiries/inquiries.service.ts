import { randomUUID } from 'node:crypto';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Area, Level, MailOutbox, MemberViewer, Page, RuleViolation, SubscriptionPubSub, Viewer, containsPattern, dateParameter, decodeCursor, encodeCursor, ok, organizationIdOf, pageOf, refused, viewerCan } from '@gatehouse/shared';
import { InquiriesResult } from '../../errors/inquiries-error-code';
import { recordInquiriesEvent } from '../../events';
import { rankFor } from '../board/column-ranks';
import { underBoardLock } from '../board/board-lock';
import { accessRequestKind, catalogueEntry, limitRequestKind, pendingMemberType } from '../catalogue/inquiry-catalogue';
import { publishInquiryChange } from '../live/inquiry-changes';
import { newInquiryMail } from '../mail/inquiry-mail';
import { InquiryMailPreference } from '../mail/inquiry-mail-preference.entity';
import { InquiryDirectory, inquiryAdmins } from './inquiry-directory';
import { Inquiry, InquiryStatus } from './inquiry.entity';
import { checkedText } from './inquiry-texts';
import { timeOf } from './time-cursor';

export interface SendInquiryRequest {
  type: string;
  subtype: string;
  title: string;
  message: string;
  requestedDailyTokens?: number | null;
  requestedRoleId?: string | null;
  requestedSpaceId?: string | null;
  requestedGroupId?: string | null;
}

export type InquirySortField = 'CREATED_AT' | 'UPDATED_AT' | 'RANK';

export interface InquiryFilterOptions {
  statuses?: readonly InquiryStatus[] | null;
  type?: string | null;
  subtype?: string | null;
  authorId?: string | null;
  assigneeId?: string | null;
  /** Part of the title or the message, any case. */
  search?: string | null;
}

export interface ListInquiriesOptions extends InquiryFilterOptions {
  first: number;
  after?: string | null;
  sort: InquirySortField;
  descending: boolean;
}

/** A page of inquiries; the count of all that match is read only when asked for. */
export type InquiryPage = Page<Inquiry> & { countAll: () => Promise<number> };

export interface InquiriesOptions {
  perMemberPerDay: number;
  appUrl: string;
}

const sortColumn: Record<InquirySortField, string> = { CREATED_AT: 'i.createdAt', UPDATED_AT: 'i.updatedAt', RANK: 'i.rank' };
const day = 24 * 60 * 60 * 1000;

/** Sending inquiries, and reading them: the board's columns, the lists, one inquiry. */
export class InquiriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: InquiryDirectory,
    private readonly mail: MailOutbox,
    private readonly afterCommit: () => Promise<void>,
    private readonly pubsub: SubscriptionPubSub,
    private readonly now: () => number,
    private readonly options: InquiriesOptions,
  ) {}

  /**
   * "Contact Admin": a new card on top of Open. A PENDING member may send Account inquiries only;
   * what it asks for must fit its type and name the organization's own role, group or space. Admins
   * who opted in are told by mail, in the same transaction.
   */
  async send(author: MemberViewer, input: SendInquiryRequest): Promise<InquiriesResult<Inquiry>> {
    const { organizationId } = author;
    const title = checkedText(input.title, 200, ['input', 'title']);
    if (!title.ok) return title;
    const message = checkedText(input.message, 10_000, ['input', 'message']);
    if (!message.ok) return message;
    if (!catalogueEntry(input.type, input.subtype)) return refused(new RuleViolation('INVALID_TYPE', `No inquiry type ${input.type} with subtype ${input.subtype}: see inquiryTypes.`, ['input', 'subtype']));
    if (author.membershipStatus !== 'ACTIVE' && input.type !== pendingMemberType) return refused(new RuleViolation('PENDING_MEMBER_TYPE', 'Until your membership is approved you may send Account inquiries only.', ['input', 'type']));
    const request = await this.checkedRequest(organizationId, input);
    if (!request.ok) return request;

    const admins = await this.mailedAdmins(organizationId, author.accountId);
    const createdAt = new Date(this.now());
    const inquiry = await underBoardLock(this.dataSource, organizationId, async (manager) => {
      const sentToday = await manager.getRepository(Inquiry).createQueryBuilder('i').where('i.organizationId = :organizationId AND i.authorId = :authorId AND i.createdAt > :since', { organizationId, authorId: author.accountId, since: dateParameter(this.dataSource, createdAt.getTime() - day) }).getCount();
      if (sentToday >= this.options.perMemberPerDay) return null;
      const row: Inquiry = {
        id: randomUUID(),
        organizationId,
        authorId: author.accountId,
        type: input.type,
        subtype: input.subtype,
        title: title.value,
        message: message.value,
        status: 'OPEN',
        rank: await rankFor(manager, organizationId, 'OPEN', { top: true }, null),
        assigneeId: null,
        ...request.value,
        requestAppliedAt: null,
        requestAppliedBy: null,
        requestClaimedAt: null,
        createdAt,
        updatedAt: createdAt,
        replyCount: 0,
        noteCount: 0,
      };
      await manager.insert(Inquiry, row);
      await recordInquiriesEvent(manager, 'inquiry.created', { organizationId, inquiryId: row.id, actorId: author.accountId, authorId: author.accountId, type: row.type, subtype: row.subtype });
      if (admins.to.length) await this.mail.queueMany(manager, admins.to.map((admin) => newInquiryMail(admin, row, admins.authorName, { organizationName: admins.organizationName, appUrl: this.options.appUrl })));
      return row;
    });
    if (!inquiry) return refused(new RuleViolation('RATE_LIMITED', `A member may send ${this.options.perMemberPerDay} inquiries in 24 hours.`));
    await this.afterCommit();
    publishInquiryChange(this.pubsub, 'CREATED', inquiry);
    return ok(inquiry);
  }

  /** The request columns of a new inquiry: only what its type may carry, naming only the organization's own. */
  private async checkedRequest(organizationId: string, input: SendInquiryRequest): Promise<InquiriesResult<Pick<Inquiry, 'requestedDailyTokens' | 'requestedRoleId' | 'requestedSpaceId' | 'requestedGroupId'>>> {
    const tokens = input.requestedDailyTokens ?? null;
    const roleId = input.requestedRoleId ?? null;
    const spaceId = input.requestedSpaceId ?? null;
    const groupId = input.requestedGroupId ?? null;
    const invalid = (message: string, field: string) => refused(new RuleViolation('INVALID_REQUEST', message, ['input', field]));
    const isKind = (kind: { type: string; subtype: string }) => input.type === kind.type && input.subtype === kind.subtype;
    if (tokens !== null && (!isKind(limitRequestKind) || !Number.isSafeInteger(tokens) || tokens < 0)) return invalid('A requested daily token limit (0 or more; 0 is unlimited) goes with a Usage limit / Limit increase inquiry.', 'requestedDailyTokens');
    if ((roleId || spaceId || groupId) && !isKind(accessRequestKind)) return invalid('A requested role, space or group goes with an Account / Permission request inquiry.', roleId ? 'requestedRoleId' : spaceId ? 'requestedSpaceId' : 'requestedGroupId');
    if (groupId && (roleId || spaceId)) return invalid('A permission request asks for a group, or for a role and/or a space, not both.', 'requestedGroupId');
    // An id no organization could have (longer than any stored one) is answered like an unknown one, without asking.
    const plausible = [roleId, groupId, spaceId].every((id) => id === null || id.length <= 64);
    if ((roleId || groupId || spaceId) && (!plausible || !(await this.directory.requestTargetsExist(organizationId, { roleId, groupId, spaceId })))) {
      return refused(new RuleViolation('REQUEST_TARGET_NOT_FOUND', 'No such role, group or space in this organization.', ['input', groupId ? 'requestedGroupId' : roleId ? 'requestedRoleId' : 'requestedSpaceId']));
    }
    return ok({ requestedDailyTokens: tokens, requestedRoleId: roleId, requestedSpaceId: spaceId, requestedGroupId: groupId });
  }

  /** The admins to mail of a new inquiry: those who opted in and still handle inquiries, its author aside; with the author's name. */
  private async mailedAdmins(organizationId: string, authorId: string) {
    const opted = await this.dataSource.getRepository(InquiryMailPreference).find({ where: { organizationId, newInquiries: true }, select: { accountId: true } });
    const candidates = opted.map((p) => p.accountId).filter((id) => id !== authorId);
    if (!candidates.length) return { to: [], authorName: '', organizationName: null };
    const [to, contacts] = await Promise.all([inquiryAdmins(this.directory, organizationId, candidates), this.directory.contacts(organizationId, [authorId])]);
    return { to, authorName: contacts.members[0]?.name ?? 'A member', organizationName: contacts.organizationName };
  }

  /** The inquiry as the viewer may see it: their own, or any of the organization's with Inquiries READ; else null (another organization's too). */
  async visible(viewer: Viewer, id: string): Promise<Inquiry | null> {
    const organizationId = organizationIdOf(viewer);
    if (!organizationId) return null;
    const inquiry = await this.dataSource.getRepository(Inquiry).findOne({ where: { organizationId, id } });
    if (!inquiry) return null;
    const own = viewer.kind === 'member' && inquiry.authorId === viewer.accountId;
    return own || viewerCan(viewer, Area.INQUIRIES, Level.READ) ? inquiry : null;
  }

  /** A page of the organization's inquiries, filtered, in the asked order (keyset on the sort column and id). */
  async list(organizationId: string, options: ListInquiriesOptions): Promise<InquiryPage> {
    const base = () => this.narrowed(organizationId, options);
    const column = sortColumn[options.sort];
    const direction = options.descending ? 'DESC' : 'ASC';
    const query = base();
    if (options.after) {
      const position = decodeCursor(options.after);
      const value = options.sort === 'RANK' ? String(position.value) : dateParameter(this.dataSource, timeOf(position));
      const op = options.descending ? '<' : '>';
      query.andWhere(`${column} ${op}= :cursorValue AND (${column} ${op} :cursorValue OR i.id ${op} :cursorId)`, { cursorValue: value, cursorId: position.id });
    }
    const rows = await query.orderBy(column, direction).addOrderBy('i.id', direction).take(options.first + 1).getMany();
    const cursorOf = (i: Inquiry) => encodeCursor({ value: options.sort === 'RANK' ? i.rank : (options.sort === 'CREATED_AT' ? i.createdAt : i.updatedAt).getTime(), id: i.id });
    return { ...pageOf(rows, options.first, Boolean(options.after), cursorOf), countAll: () => base().getCount() };
  }

  private narrowed(organizationId: string, options: InquiryFilterOptions): SelectQueryBuilder<Inquiry> {
    const query = this.dataSource.getRepository(Inquiry).createQueryBuilder('i').where('i.organizationId = :organizationId', { organizationId });
    if (options.statuses) query.andWhere(options.statuses.length ? 'i.status IN (:...statuses)' : '1 = 0', { statuses: options.statuses });
    if (options.type) query.andWhere('i.type = :type', { type: options.type });
    if (options.subtype) query.andWhere('i.subtype = :subtype', { subtype: options.subtype });
    if (options.authorId) query.andWhere('i.authorId = :authorId', { authorId: options.authorId });
    if (options.assigneeId) query.andWhere('i.assigneeId = :assigneeId', { assigneeId: options.assigneeId });
    if (options.search?.trim()) query.andWhere("(LOWER(i.title) LIKE :search ESCAPE '!' OR LOWER(i.message) LIKE :search ESCAPE '!')", { search: containsPattern(options.search) });
    return query;
  }
}
