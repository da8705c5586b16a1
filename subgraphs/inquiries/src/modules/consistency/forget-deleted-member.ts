import { createHash } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Inquiry } from '../inquiries/inquiry.entity';
import { InquiryMailPreference } from '../mail/inquiry-mail-preference.entity';
import { InquiryReply } from '../replies/inquiry-reply.entity';

/** What a deleted member's pseudonym reads: stable per organization and account, telling nothing of who they were. */
export function formerMemberPseudonym(organizationId: string, accountId: string): string {
  return `Former admin ${createHash('sha256').update(`${organizationId}:${accountId}`).digest('hex').slice(0, 6)}`;
}

/**
 * A member deleted from the organization (the seed: deletion removes all the user's data): their
 * inquiries go with every reply and note on them; what they wrote on other members' inquiries (as
 * an admin) stays, attributed to a pseudonym; inquiries assigned to them are unassigned. Returns
 * the inquiries removed, for the board to drop.
 */
export async function forgetDeletedMember(manager: EntityManager, organizationId: string, accountId: string): Promise<Inquiry[]> {
  const own = await manager.find(Inquiry, { where: { organizationId, authorId: accountId } });
  const ids = own.map((i) => i.id);
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await manager.delete(InquiryReply, { inquiryId: In(part) });
    await manager.delete(Inquiry, { id: In(part) });
  }
  await manager.update(InquiryReply, { organizationId, authorId: accountId }, { authorId: null, authorPseudonym: formerMemberPseudonym(organizationId, accountId) });
  await manager.update(Inquiry, { organizationId, assigneeId: accountId }, { assigneeId: null });
  await manager.delete(InquiryMailPreference, { organizationId, accountId });
  return own;
}
