import { randomUUID } from 'node:crypto';
import { SeededOrganization } from '@gatehouse/shared/testing';
import { formatOneEntryHash, genesisHash } from '../../subgraphs/identity/src/modules/audit/audit-chain';
import { TestStack, startTestStack } from '../support/test-stack';

type Row = Record<string, unknown>;

/**
 * Each recorded column of an entry, and a forged value for it that differs from what the row holds.
 * A column the hash does not cover could be rewritten in the database with the chain still "valid".
 */
const forgeries: [column: string, forged: (row: Row) => unknown][] = [
  ['id', () => randomUUID()],
  ['organizationId', () => randomUUID()],
  ['position', () => 1000],
  ['eventId', () => randomUUID()],
  ['action', (row) => (row.action === 'ROLE_DELETED' ? 'ROLE_CHANGE' : 'ROLE_DELETED')],
  ['actorType', (row) => (row.actorType === 'SYSTEM' ? 'USER' : 'SYSTEM')],
  ['actorId', () => randomUUID()],
  ['targetType', (row) => (row.targetType === 'SPACE' ? 'USER' : 'SPACE')],
  ['targetId', () => randomUUID()],
  ['source', (row) => (row.source === 'metering' ? 'identity' : 'metering')],
  ['occurredAt', () => '2001-02-03 04:05:06.789'],
  ['recordedAt', () => '2001-02-03 04:05:06.789'],
  ['details', () => '{"forged":true}'],
];

/** The audit chain through the gateway, with someone editing the identity database underneath it. */
describe('the audit chain covers every recorded column', () => {
  let t: TestStack;
  const organizations = new Map<string, SeededOrganization>();
  const verify = async (organization: SeededOrganization) =>
    (await t.gql('{ verifyAuditChain { valid entriesChecked firstBrokenPosition reason } }', {}, organization.admin.token)).data!.verifyAuditChain;
  const entryCount = async (organization: SeededOrganization): Promise<number> =>
    (await t.gql('{ auditLog { totalCount } }', {}, organization.admin.token)).data!.auditLog.totalCount;

  beforeAll(async () => {
    t = await startTestStack();
    // One organization per column: each chain is forged once, so each verdict is about one column.
    for (const [column] of forgeries) organizations.set(column, await t.seed.organization(`Chain ${column}`));
    organizations.set('untouched', await t.seed.organization('Chain untouched'));
    organizations.set('format 1', await t.seed.organization('Chain format 1'));
    for (const organization of organizations.values()) {
      const deadline = Date.now() + 5000;
      while ((await entryCount(organization)) < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(() => t.stop());

  it.each(forgeries)('editing `%s` of an entry in the database makes verifyAuditChain fail at that entry', async (column, forged) => {
    const organization = organizations.get(column)!;
    expect(await verify(organization)).toMatchObject({ valid: true, firstBrokenPosition: null });
    const [row] = (await t.stack.apps.identity.dataSource.query('SELECT * FROM audit_entry WHERE organizationId = ? AND position = 1', [organization.id])) as Row[];
    await t.stack.apps.identity.dataSource.query(`UPDATE audit_entry SET ${column} = ? WHERE id = ?`, [forged(row), row.id]);
    const verdict = await verify(organization);
    expect(verdict).toMatchObject({ valid: false, entriesChecked: 0, firstBrokenPosition: 1 });
    // Moving or renumbering the entry leaves a hole in the chain; any other edit, a hash that no longer matches.
    expect(verdict.reason).toBe(['organizationId', 'position'].includes(column) ? 'POSITION_GAP' : 'HASH_MISMATCH');
  });

  it('a chain nobody edited stays valid', async () => {
    const untouched = organizations.get('untouched')!;
    expect(await verify(untouched)).toEqual({ valid: true, entriesChecked: await entryCount(untouched), firstBrokenPosition: null, reason: null });
  });

  it('a chain hashed in format 1 (written before the entry id and recordedAt were covered) still verifies, and keeps growing', async () => {
    const older = organizations.get('format 1')!;
    const entries = t.stack.apps.identity.dataSource.getRepository('AuditEntry');
    // Rewrite the organization's chain as the previous version of Gatehouse wrote it.
    let previousHash = genesisHash;
    for (const entry of await entries.find({ where: { organizationId: older.id }, order: { position: 'ASC' } })) {
      const hash = formatOneEntryHash(entry as never, previousHash);
      await entries.update({ id: entry.id }, { previousHash, hash });
      previousHash = hash;
    }
    const count = await entryCount(older);
    expect(await verify(older)).toEqual({ valid: true, entriesChecked: count, firstBrokenPosition: null, reason: null });
    // New entries are written in the current format, chained to the old ones.
    await t.gql('mutation { createSpace(input: { name: "After the upgrade" }) { space { id } } }', {}, older.admin.token);
    const deadline = Date.now() + 5000;
    while ((await entryCount(older)) === count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await verify(older)).toMatchObject({ valid: true, entriesChecked: count + 1 });
  });
});
