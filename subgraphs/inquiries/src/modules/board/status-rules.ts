import { InquiriesErrorCode } from '../../errors/inquiries-error-code';
import { InquiryStatus } from '../inquiries/inquiry.entity';

/** The columns an admin moves cards between (the seed: admins can't set Closed). */
const adminColumns: readonly InquiryStatus[] = ['OPEN', 'IN_PROGRESS', 'RESOLVED'];

/** Who is changing the card's column: an admin dragging it, or its author closing or reopening it. */
export type StatusChange = { by: 'admin'; to: InquiryStatus } | { by: 'author'; action: 'close' | 'reopen' };

/**
 * The seed's status flow as one function: the column a change leads to, or why it is refused.
 * Admins move (and reorder) among OPEN, IN_PROGRESS and RESOLVED; only the author closes, from any
 * column, and may reopen a RESOLVED inquiry (to OPEN); a CLOSED inquiry stays closed.
 */
export function nextStatus(from: InquiryStatus, change: StatusChange): { ok: true; status: InquiryStatus } | { ok: false; code: InquiriesErrorCode } {
  if (from === 'CLOSED') return { ok: false, code: 'INQUIRY_CLOSED' };
  if (change.by === 'admin') {
    if (change.to === 'CLOSED') return { ok: false, code: 'CLOSE_IS_AUTHORS' };
    return adminColumns.includes(change.to) ? { ok: true, status: change.to } : { ok: false, code: 'INVALID_STATUS_CHANGE' };
  }
  if (change.action === 'close') return { ok: true, status: 'CLOSED' };
  return from === 'RESOLVED' ? { ok: true, status: 'OPEN' } : { ok: false, code: 'INVALID_STATUS_CHANGE' };
}
