import { VerifiedAccessToken, verifyAccessToken } from '@gatehouse/shared';

/** Tokens remembered at most: a client sends one token for minutes, so a few thousand cover a busy gateway. */
const maxTokens = 5000;

/**
 * Access tokens already verified, so a client's token is checked once, not on each of its
 * requests: the same text is the same signed claims until it expires, which is checked on every
 * use. Only valid tokens are remembered; a forged or expired one is verified (and refused) each time.
 */
export class VerifiedTokens {
  private readonly tokens = new Map<string, VerifiedAccessToken>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  verify(token: string): VerifiedAccessToken | null {
    const known = this.tokens.get(token);
    if (known) {
      if (known.expiresAt > this.now()) return known;
      this.tokens.delete(token);
      return null;
    }
    const verified = verifyAccessToken(token, this.secret);
    if (!verified) return null;
    // Oldest first out: a Map keeps insertion order.
    if (this.tokens.size >= maxTokens) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, verified);
    return verified;
  }
}
