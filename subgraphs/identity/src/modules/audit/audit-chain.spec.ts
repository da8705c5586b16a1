import { ChainedFields, entryHash, firstBreak, genesisHash } from './audit-chain';

function chain(length: number) {
  const entries: (ChainedFields & { previousHash: string; hash: string })[] = [];
  let previousHash = genesisHash;
  for (let position = 1; position <= length; position += 1) {
    const fields: ChainedFields = {
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
      details: '{}',
    };
    const hash = entryHash(fields, previousHash);
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
});
