import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The board's columns, in order. CLOSED is set only by the author. */
export type InquiryStatus = 'OPEN' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';
export const inquiryStatuses: readonly InquiryStatus[] = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];

/** A member's inquiry to the organization's admins ("Contact Admin"): one card on the board. */
@Entity('inquiry')
// A column in board order (rank, then id), and the list's other sorts, each ending in id for keyset paging.
@Index('idx_inquiry_column', ['organizationId', 'status', 'rank', 'id'])
@Index('idx_inquiry_created', ['organizationId', 'createdAt', 'id'])
@Index('idx_inquiry_updated', ['organizationId', 'updatedAt', 'id'])
// A member's own inquiries (User.inquiries, myInquiries, the daily sending limit).
@Index('idx_inquiry_author', ['organizationId', 'authorId', 'createdAt'])
@Index('idx_inquiry_assignee', ['organizationId', 'assigneeId'])
export class Inquiry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The member who sent it; their inquiries go when they are deleted. */
  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  /** A type key of the catalogue (USAGE_LIMIT, FEATURE, BUG, ACCOUNT, OTHER). */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** A subtype key of that type (LIMIT_INCREASE, CHAT_ERROR, …). */
  @Column({ type: 'varchar', length: 32 })
  subtype: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 12 })
  status: InquiryStatus;

  /** Its place in its column (./board/board-rank.ts): the board sorts by it, then by id. */
  @Column({ type: 'varchar', length: 128 })
  rank: string;

  /** The admin it is assigned to; null: nobody (or they were deleted). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  assigneeId: string | null;

  /** A Usage limit / Limit increase inquiry's requested daily token limit (0: unlimited). */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null | undefined) => v, from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)) } })
  requestedDailyTokens: number | null;

  /** An Account / Permission request's requested role (in `requestedSpaceId` when set, else organization-wide). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  requestedRoleId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  requestedSpaceId: string | null;

  /** An Account / Permission request's requested group. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  requestedGroupId: string | null;

  /** When an admin applied the request (applyInquiryRequest), and who; null until then. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  requestAppliedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  requestAppliedBy: string | null;

  /**
   * When an admin began applying the request (a conditional update, so of two admins at once one
   * applies it); cleared when it is applied or refused. One older than a call's lifetime belongs to
   * an attempt that crashed, and the next admin takes it over.
   */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  requestClaimedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** The last change of status, position, assignee or thread. */
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** How many replies its thread holds, internal notes aside (the card shows it without reading the thread). */
  @Column({ type: 'int', default: 0 })
  replyCount: number;

  /** How many internal notes it holds (admins only). */
  @Column({ type: 'int', default: 0 })
  noteCount: number;
}
