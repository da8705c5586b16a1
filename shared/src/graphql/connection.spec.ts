import { checkedPageSize, decodeCursor, encodeCursor } from './connection';

describe('cursors and page sizes', () => {
  it('a cursor round-trips and garbage is a BAD_USER_INPUT error', () => {
    expect(decodeCursor(encodeCursor({ value: 'ada', id: 'x' }))).toEqual({ value: 'ada', id: 'x' });
    expect(decodeCursor(encodeCursor({ value: 17, id: 'y' }))).toEqual({ value: 17, id: 'y' });
    expect(() => decodeCursor('garbage')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('page sizes stay within 1..max', () => {
    expect(checkedPageSize(undefined, 100)).toBe(20);
    expect(checkedPageSize(100, 100)).toBe(100);
    expect(() => checkedPageSize(101, 100)).toThrow(/between 1 and 100/);
    expect(() => checkedPageSize(0, 100)).toThrow();
  });
});
