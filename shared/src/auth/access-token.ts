import { createHash, randomBytes } from 'node:crypto';
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

/** The claims of a valid access token, or null for anything expired, forged or malformed. */
export function verifyAccessToken(token: string, secret: string): AccessTokenClaims | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer, audience }) as jwt.JwtPayload;
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.org !== 'string' || typeof payload.sid !== 'string') return null;
    return { accountId: payload.sub, organizationId: payload.org, sessionFamilyId: payload.sid };
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
