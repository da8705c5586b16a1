import { createHash } from 'node:crypto';

/** The previous hash of an organization's first entry. */
export const genesisHash = '0'.repeat(64);

/** The fields an entry's hash covers: every column but the hashes themselves (the previous one is chained in). */
export interface ChainedFields {
  id: string;
  organizationId: string;
  position: number;
  eventId: string;
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  source: string;
  occurredAt: Date;
  recordedAt: Date;
  details: string;
}

/**
 * SHA-256 of the previous hash and the entry's fields in a fixed order (a JSON array), format 2:
 * every column. The leading "v2" keeps it from ever equalling a format-1 hash of the same fields.
 */
export function entryHash(fields: ChainedFields, previousHash: string): string {
  const canonical = JSON.stringify([
    'v2',
    fields.id,
    fields.organizationId,
    fields.position,
    fields.eventId,
    fields.action,
    fields.actorType,
    fields.actorId,
    fields.targetType,
    fields.targetId,
    fields.source,
    fields.occurredAt.toISOString(),
    fields.recordedAt.toISOString(),
    fields.details,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(canonical).digest('hex');
}

/**
 * Format 1, what entries were hashed with before format 2: everything but the entry's id and the
 * time it was recorded. Still accepted, so chains written then keep verifying; an edit of any
 * format-2 entry fails both (its stored hash is a format-2 hash), so accepting both lets nothing
 * new through. Only those two columns of format-1 entries stay unprotected.
 */
export function formatOneEntryHash(fields: Omit<ChainedFields, 'id' | 'recordedAt'>, previousHash: string): string {
  const canonical = JSON.stringify([
    fields.organizationId,
    fields.position,
    fields.eventId,
    fields.action,
    fields.actorType,
    fields.actorId,
    fields.targetType,
    fields.targetId,
    fields.source,
    fields.occurredAt.toISOString(),
    fields.details,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(canonical).digest('hex');
}

export interface ChainBreak {
  position: number;
  /** ANCHOR_*: the chain is consistent but no longer holds an entry recorded outside it (see ChainAnchor). */
  reason: 'HASH_MISMATCH' | 'PREVIOUS_HASH_MISMATCH' | 'POSITION_GAP' | 'ANCHOR_MISSING' | 'ANCHOR_MISMATCH';
}

/**
 * An entry's position and hash kept outside Gatehouse (e.g. the head, copied to a SIEM daily). The
 * chain alone cannot show that its newest entries were removed; against an anchor it can.
 */
export interface ChainAnchor {
  position: number;
  hash: string;
}

/**
 * Checks a run of entries that continues after `previous` (position and hash of the entry before
 * the run). Returns the first broken link, or null.
 */
export function firstBreak(entries: (ChainedFields & { previousHash: string; hash: string })[], previous: { position: number; hash: string }): ChainBreak | null {
  let expectedPosition = previous.position + 1;
  let expectedPrevious = previous.hash;
  for (const entry of entries) {
    if (entry.position !== expectedPosition) return { position: expectedPosition, reason: 'POSITION_GAP' };
    if (entry.previousHash !== expectedPrevious) return { position: entry.position, reason: 'PREVIOUS_HASH_MISMATCH' };
    if (entryHash(entry, entry.previousHash) !== entry.hash && formatOneEntryHash(entry, entry.previousHash) !== entry.hash) return { position: entry.position, reason: 'HASH_MISMATCH' };
    expectedPosition += 1;
    expectedPrevious = entry.hash;
  }
  return null;
}
