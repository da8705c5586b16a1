import { InquiryStatus, inquiryStatuses } from '../inquiries/inquiry.entity';
import { StatusChange, nextStatus } from './status-rules';

const changes: StatusChange[] = [...inquiryStatuses.map((to): StatusChange => ({ by: 'admin', to })), { by: 'author', action: 'close' }, { by: 'author', action: 'reopen' }];
const label = (c: StatusChange) => (c.by === 'admin' ? `admin→${c.to}` : `author ${c.action}`);

describe('the inquiry status flow', () => {
  // Every column × every change: the whole table, so a change to the rules shows up here.
  const expected: Record<InquiryStatus, Record<string, string>> = {
    OPEN: { 'admin→OPEN': 'OPEN', 'admin→IN_PROGRESS': 'IN_PROGRESS', 'admin→RESOLVED': 'RESOLVED', 'admin→CLOSED': 'CLOSE_IS_AUTHORS', 'author close': 'CLOSED', 'author reopen': 'INVALID_STATUS_CHANGE' },
    IN_PROGRESS: { 'admin→OPEN': 'OPEN', 'admin→IN_PROGRESS': 'IN_PROGRESS', 'admin→RESOLVED': 'RESOLVED', 'admin→CLOSED': 'CLOSE_IS_AUTHORS', 'author close': 'CLOSED', 'author reopen': 'INVALID_STATUS_CHANGE' },
    RESOLVED: { 'admin→OPEN': 'OPEN', 'admin→IN_PROGRESS': 'IN_PROGRESS', 'admin→RESOLVED': 'RESOLVED', 'admin→CLOSED': 'CLOSE_IS_AUTHORS', 'author close': 'CLOSED', 'author reopen': 'OPEN' },
    CLOSED: Object.fromEntries(changes.map((c) => [label(c), 'INQUIRY_CLOSED'])),
  };

  it.each(inquiryStatuses)('from %s', (from) => {
    const seen = Object.fromEntries(changes.map((c) => {
      const next = nextStatus(from, c);
      return [label(c), next.ok ? next.status : next.code];
    }));
    expect(seen).toEqual(expected[from]);
  });
});
