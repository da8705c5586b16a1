import { ChainedFields, entryHash, firstBreak, formatOneEntryHash, genesisHash } from './audit-chain';

/** A chain of `length` entries, hashed with the current format (or format 1, as written before it). */
function chain(length: number, hashOf: (fields: ChainedFields, previousHash: string) => string = entryHash) {
  const entries: (ChainedFields & { previousHash: string; hash: string })[] = [];
  let previousHash = genesisHash;
  for (let position = 1; position <= length; position += 1) {
    const fields: ChainedFields = {
      id: `entry-${position}`,
      organizationId: 'org',
      position,
      eventId: `event-${position}`,
      action: 'ROLE_CHANGE',
      actorType: 'USER',
      actorId: 'admin',
      targetType: 'USER',
      targetId: `user-${position}`,
      source: 'access-control',
      occurredAt: new Date(1_700_000_000_000 + position),
      recordedAt: new Date(1_700_000_000_100 + position),
      details: '{}',
    };
    const hash = hashOf(fields, previousHash);
    entries.push({ ...fields, previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('an untouched chain has no break', () => {
    expect(firstBreak(chain(5), { position: 0, hash: genesisHash })).toBeNull();
  });

  it('a changed field breaks the link at that entry', () => {
    const entries = chain(5);
    entries[2].targetId = 'someone-else';
    expect(firstBreak(entries, { position: 0, hash: genesisHash })).toEqual({ position: 3, reason: 'HASH_MISMATCH' });
  });

  it('a recomputed hash still breaks the next link', () => {
    const entries = chain(5);
    entries[2].details = '{"rolesAfter":["Super Admin"]}';
    entries[2].hash = entryHash(entries[2], entries[2].previousHash);
    expect(firstBreak(entries, { position: 0, hash: genesisHash })).toEqual({ position: 4, reason: 'PREVIOUS_HASH_MISMATCH' });
  });

  it('a removed entry leaves a gap', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(firstBreak(entries, { position: 0, hash: genesisHash })).toEqual({ position: 2, reason: 'POSITION_GAP' });
  });

  it('the entry id and the time it was recorded are covered too', () => {
    const renamed = chain(3);
    renamed[1].id = 'entry-forged';
    expect(firstBreak(renamed, { position: 0, hash: genesisHash })).toEqual({ position: 2, reason: 'HASH_MISMATCH' });
    const redated = chain(3);
    redated[1].recordedAt = new Date(0);
    expect(firstBreak(redated, { position: 0, hash: genesisHash })).toEqual({ position: 2, reason: 'HASH_MISMATCH' });
  });

  it('a chain written in format 1 (before id and recordedAt were covered) still verifies, and its other fields are still guarded', () => {
    expect(firstBreak(chain(4, formatOneEntryHash), { position: 0, hash: genesisHash })).toBeNull();
    const entries = chain(4, formatOneEntryHash);
    entries[1].actorId = 'someone-else';
    expect(firstBreak(entries, { position: 0, hash: genesisHash })).toEqual({ position: 2, reason: 'HASH_MISMATCH' });
  });

  it('a format-1 chain continued in the current format verifies across the change', () => {
    const old = chain(2, formatOneEntryHash);
    const newer = chain(4).slice(2);
    // Re-link the newer entries after the old ones, as the service does when it appends.
    let previousHash = old[1].hash;
    for (const entry of newer) {
      entry.previousHash = previousHash;
      entry.hash = entryHash(entry, previousHash);
      previousHash = entry.hash;
    }
    expect(firstBreak([...old, ...newer], { position: 0, hash: genesisHash })).toBeNull();
  });
});
