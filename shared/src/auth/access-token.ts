import { KeyObject, createHash, createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface AccessTokenClaims {
  accountId: string;
  organizationId: string;
  sessionFamilyId: string;
}

const issuer = 'gatehouse';
const audience = 'gatehouse';

export function signAccessToken(claims: AccessTokenClaims, secret: string, ttlSeconds: number): { token: string; expiresAt: Date } {
  const token = jwt.sign({ org: claims.organizationId, sid: claims.sessionFamilyId, typ: 'access' }, secret, {
    algorithm: 'HS256',
    subject: claims.accountId,
    issuer,
    audience,
    expiresIn: ttlSeconds,
  });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

/**
 * The secret as a key object, made once per secret: given the text, jsonwebtoken first tries it as
 * a public key (createPublicKey throws, then it makes the secret key) on every single verification.
 */
const secretKeys = new Map<string, KeyObject>();
function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    if (secretKeys.size > 8) secretKeys.clear(); // a process holds one secret (two while rotating); tests make many
    secretKeys.set(secret, key);
  }
  return key;
}

/** A verified access token's claims, and when it expires (ms since the epoch). */
export interface VerifiedAccessToken extends AccessTokenClaims {
  expiresAt: number;
}

/** The claims of a valid access token, or null for anything expired, forged or malformed. */
export function verifyAccessToken(token: string, secret: string): VerifiedAccessToken | null {
  try {
    const payload = jwt.verify(token, secretKeyOf(secret), { algorithms: ['HS256'], issuer, audience }) as jwt.JwtPayload;
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.org !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
    return { accountId: payload.sub, organizationId: payload.org, sessionFamilyId: payload.sid, expiresAt: payload.exp * 1000 };
  } catch {
    return null;
  }
}

/** An opaque refresh token: 256 random bits. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
