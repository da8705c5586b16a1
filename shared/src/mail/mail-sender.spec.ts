import { mailFileName } from './mail-sender';

describe('mail file names in the shared folder', () => {
  const createdAt = new Date('2026-12-02T02:30:00.123Z');

  it('differ between subgraphs and messages queued in the same millisecond, and name the sender', () => {
    const names = [
      mailFileName('identity', { id: '11111111-1111-4111-8111-111111111111', createdAt }),
      mailFileName('kudos', { id: '11111111-1111-4111-8111-111111111111', createdAt }),
      mailFileName('kudos', { id: '22222222-2222-4222-8222-222222222222', createdAt }),
    ];
    expect(new Set(names).size).toBe(3);
    expect(names[1]).toBe('2026-12-02T02-30-00-123Z-kudos-11111111-1111-4111-8111-111111111111.eml');
  });

  it('are the same for the same message, so one sent again after a crash overwrites its file', () => {
    const message = { id: '33333333-3333-4333-8333-333333333333', createdAt };
    expect(mailFileName('identity', message)).toBe(mailFileName('identity', { ...message }));
  });
});
