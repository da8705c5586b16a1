import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One message in an inquiry's thread: the author's or an admin's, or an admin's internal note. */
@Entity('inquiry_reply')
@Index('idx_inquiry_reply_thread', ['inquiryId', 'createdAt', 'id'])
// A deleted member's replies on other members' inquiries are found by author.
@Index('idx_inquiry_reply_author', ['organizationId', 'authorId'])
export class InquiryReply {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  inquiryId: string;

  /** Who wrote it; null once an admin who wrote it is deleted (then `authorPseudonym` names them). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  authorId: string | null;

  /** A stable stand-in for a deleted admin ("Former admin 3f2a9c"), so the thread still reads. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  authorPseudonym: string | null;

  /** Written by an admin (not the inquiry's author): the author is told by mail. */
  @Column({ type: 'boolean' })
  fromAdmin: boolean;

  /** An internal note: admins only; the author never sees it, not even that it exists. */
  @Column({ type: 'boolean' })
  internal: boolean;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
