/**
 * The nonces of signatures this process has accepted, each kept until its signature is too old to
 * be accepted anyway, so a request replayed within its window is refused. Bounded: when full, the
 * oldest nonce goes first (it has the least of its window left). In-memory, so per instance: see
 * the README on several instances of one subgraph.
 */
export class ReplayGuard {
  /** Nonce → when its signature stops being accepted; insertion order is (nearly) expiry order. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** True the first time a nonce signed at `timestamp` is offered, false on every later offer. */
  firstSighting(nonce: string, timestamp: number, now = Date.now()): boolean {
    this.forgetExpired(now);
    if (this.seen.has(nonce)) return false;
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(nonce, timestamp + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    for (const [nonce, expiresAt] of this.seen) {
      if (expiresAt >= now) return;
      this.seen.delete(nonce);
    }
  }
}
