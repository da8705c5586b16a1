import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`: the package's enum is a const enum, which per-file compilers cannot inline. */
const argon2id = 2;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const argon2Options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const passwordRules = { minLength: 10, maxLength: 128 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/**
 * A hash of nothing anyone knows: logging in with an unknown e-mail verifies against it, so the
 * answer takes as long as for a wrong password and reveals nothing.
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}

/** Why a password is refused, or null when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < passwordRules.minLength) return `Use at least ${passwordRules.minLength} characters.`;
  if (password.length > passwordRules.maxLength) return `Use at most ${passwordRules.maxLength} characters.`;
  return null;
}
