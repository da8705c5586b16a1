import { ReplayGuard } from './replay-guard';

describe('replay guard', () => {
  it('admits a nonce once while its signature can still be accepted', () => {
    const guard = new ReplayGuard(5000);
    expect(guard.firstSighting('n1', 1_000, 1_000)).toBe(true);
    expect(guard.firstSighting('n1', 1_000, 5_999)).toBe(false);
    expect(guard.firstSighting('n2', 1_000, 2_000)).toBe(true);
  });

  it('forgets nonces whose window has passed, so memory stays bounded by traffic in one window', () => {
    const guard = new ReplayGuard(5000);
    for (let i = 0; i < 100; i += 1) guard.firstSighting(`n${i}`, 1_000, 1_000);
    guard.firstSighting('late', 7_000, 7_000);
    expect(guard.size).toBe(1);
  });

  it('holds at most its bound, dropping the oldest nonce first', () => {
    const guard = new ReplayGuard(5000, 3);
    for (const nonce of ['a', 'b', 'c', 'd']) guard.firstSighting(nonce, 1_000, 1_000);
    expect(guard.size).toBe(3);
    expect(guard.firstSighting('d', 1_000, 1_000)).toBe(false);
    expect(guard.firstSighting('a', 1_000, 1_000)).toBe(true);
  });
});
