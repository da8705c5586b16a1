/** Longest address SMTP carries (RFC 5321 path limit). */
export const maxEmailLength = 254;

/** The address as stored and compared: trimmed and lower-cased; null when it is not an address. */
export function normalizedEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > maxEmailLength) return null;
  // One @, something on each side, a dot in the domain, no spaces: what a mail relay would accept.
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email) ? email : null;
}
