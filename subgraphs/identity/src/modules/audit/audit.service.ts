import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { DomainEvent, dateParameter } from '@gatehouse/shared';
import { Membership } from '../accounts/membership.entity';
import { AuditRecord, auditRecordsOf } from './audit-actions';
import { ChainAnchor, ChainBreak, entryHash, firstBreak, genesisHash } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { AuditSubject } from './audit-subject.entity';

export interface AuditFilter {
  actorId?: string | null;
  targetId?: string | null;
  actions?: string[] | null;
  occurredFrom?: Date | null;
  occurredTo?: Date | null;
}

/** Whether an entry passes a filter, checked in memory (live subscriptions filter each new entry). */
export function matchesFilter(entry: Pick<RevealedEntry, 'actorId' | 'targetId' | 'action' | 'occurredAt'>, filter: AuditFilter): boolean {
  if (filter.actorId && entry.actorId !== filter.actorId) return false;
  if (filter.targetId && entry.targetId !== filter.targetId) return false;
  if (filter.actions?.length && !filter.actions.includes(entry.action)) return false;
  if (filter.occurredFrom && entry.occurredAt < filter.occurredFrom) return false;
  if (filter.occurredTo && entry.occurredAt >= filter.occurredTo) return false;
  return true;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An entry with account ids restored and its details parsed. */
export type RevealedEntry = Omit<AuditEntry, 'details'> & { details: Record<string, unknown> };

export interface AuditPage {
  /** Up to `first + 1` entries: one more than the page when more follow. */
  entries: RevealedEntry[];
}

export interface ChainVerification {
  valid: boolean;
  entriesChecked: number;
  firstBroken: (ChainBreak & { entryId: string | null }) | null;
  /** The newest entry: worth keeping outside Gatehouse as a later anchor. */
  head: ChainAnchor | null;
}

/** How many entries a CSV export holds at most; narrow the filter for more. */
export const maxExportRows = 100_000;
const verifyBatch = 1000;

/** The audit log: appended from events, read with filters, verified link by link. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the entries an event produces, inside the consumer's transaction (with its inbox row),
   * so each event lands once. Each organization's chain continues from its head; two writers racing
   * for the same position collide on the unique (organization, position) index and the loser's
   * event is redelivered.
   */
  async append(manager: EntityManager, event: DomainEvent): Promise<AuditEntry[]> {
    const records = auditRecordsOf(event);
    if (records.length === 0) return [];
    const byOrganization = new Map<string, AuditRecord[]>();
    for (const record of records) {
      for (const organizationId of await this.organizationsOf(manager, record)) {
        byOrganization.set(organizationId, [...(byOrganization.get(organizationId) ?? []), record]);
      }
    }
    const occurredAt = new Date(event.occurredAt);
    const recordedAt = new Date();
    const appended: AuditEntry[] = [];
    for (const [organizationId, organizationRecords] of byOrganization) {
      const head = await manager.findOne(AuditEntry, { where: { organizationId }, order: { position: 'DESC' }, select: { position: true, hash: true } });
      let position = head?.position ?? 0;
      let previousHash = head?.hash ?? genesisHash;
      const rows: AuditEntry[] = [];
      const pseudonyms = await this.pseudonymsOf(manager, organizationId, accountsIn(organizationRecords));
      const pseudonym = (accountId: unknown) => (typeof accountId === 'string' ? (pseudonyms.get(accountId) ?? null) : null);
      for (const record of organizationRecords) {
        position += 1;
        const details = { ...record.details };
        for (const key of record.accountDetails ?? []) details[key] = pseudonym(details[key]);
        const fields = {
          id: randomUUID(),
          organizationId,
          position,
          eventId: event.eventId,
          action: record.action,
          actorType: record.actorType,
          actorId: record.actorType === 'USER' ? pseudonym(record.actorId) : record.actorId,
          targetType: record.targetType,
          targetId: record.targetType === 'USER' ? pseudonym(record.targetId) : record.targetId,
          source: event.source,
          occurredAt,
          recordedAt,
          details: JSON.stringify(details),
        };
        const hash = entryHash(fields, previousHash);
        rows.push(Object.assign(new AuditEntry(), { ...fields, previousHash, hash }));
        previousHash = hash;
      }
      for (let i = 0; i < rows.length; i += 500) await manager.insert(AuditEntry, rows.slice(i, i + 500).map((row) => ({ ...row })));
      appended.push(...rows);
      for (const record of organizationRecords) {
        if (record.erasesTarget && record.targetId) await manager.delete(AuditSubject, { organizationId, accountId: record.targetId });
      }
    }
    return appended;
  }

  /** The pseudonyms the accounts' entries carry in one organization, created on first use (a few statements for any number). */
  private async pseudonymsOf(manager: EntityManager, organizationId: string, accountIds: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (let i = 0; i < accountIds.length; i += 1000) {
      const rows = await manager.findBy(AuditSubject, { organizationId, accountId: In(accountIds.slice(i, i + 1000)) });
      for (const row of rows) result.set(row.accountId, row.pseudonym);
    }
    const created = accountIds.filter((id) => !result.has(id)).map((accountId) => ({ pseudonym: randomUUID(), organizationId, accountId }));
    for (let i = 0; i < created.length; i += 500) await manager.insert(AuditSubject, created.slice(i, i + 500).map((row) => ({ ...row })));
    for (const row of created) result.set(row.accountId, row.pseudonym);
    return result;
  }

  /** Account ids behind pseudonyms (erased links are simply absent). */
  private async accountsBehind(organizationId: string, pseudonyms: string[]): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    const unique = [...new Set(pseudonyms)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await this.dataSource.getRepository(AuditSubject).findBy({ organizationId, pseudonym: In(unique.slice(i, i + 1000)) });
      for (const row of rows) map.set(row.pseudonym, row.accountId);
    }
    return map;
  }

  /** Entries as readers see them: account ids in place of pseudonyms; null where the user was deleted. */
  async reveal(organizationId: string, entries: AuditEntry[]): Promise<RevealedEntry[]> {
    const parsed = entries.map((entry) => ({ entry, details: JSON.parse(entry.details) as Record<string, unknown> }));
    const candidates: string[] = [];
    for (const { entry, details } of parsed) {
      if (entry.actorType === 'USER' && entry.actorId) candidates.push(entry.actorId);
      if (entry.targetType === 'USER' && entry.targetId) candidates.push(entry.targetId);
      for (const value of Object.values(details)) if (typeof value === 'string' && uuidPattern.test(value)) candidates.push(value);
    }
    const accounts = await this.accountsBehind(organizationId, candidates);
    const revealId = (id: string | null, isUser: boolean) => (isUser && id ? (accounts.get(id) ?? null) : id);
    return parsed.map(({ entry, details }) => ({
      ...entry,
      actorId: revealId(entry.actorId, entry.actorType === 'USER'),
      targetId: revealId(entry.targetId, entry.targetType === 'USER'),
      details: Object.fromEntries(Object.entries(details).map(([key, value]) => [key, typeof value === 'string' && accounts.has(value) ? accounts.get(value) : value])),
    }));
  }

  /** An event names its organization, or only an account: then it concerns each of the account's organizations. */
  private async organizationsOf(manager: EntityManager, record: AuditRecord): Promise<string[]> {
    if (record.organizationId) return [record.organizationId];
    if (!record.accountOf) return [];
    const memberships = await manager.find(Membership, { where: { accountId: record.accountOf }, select: { organizationId: true } });
    return memberships.map((m) => m.organizationId);
  }

  /** The stored forms an id filter matches: the id itself (API keys, spaces…) and an account's pseudonym. */
  private async storedIds(organizationId: string, id: string): Promise<string[]> {
    const subject = await this.dataSource.getRepository(AuditSubject).findOneBy({ organizationId, accountId: id });
    return subject ? [id, subject.pseudonym] : [id];
  }

  private async filtered(organizationId: string, filter: AuditFilter): Promise<SelectQueryBuilder<AuditEntry>> {
    const query = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').where('a.organizationId = :organizationId', { organizationId });
    if (filter.actorId) query.andWhere('a.actorId IN (:...actorIds)', { actorIds: await this.storedIds(organizationId, filter.actorId) });
    if (filter.targetId) query.andWhere('a.targetId IN (:...targetIds)', { targetIds: await this.storedIds(organizationId, filter.targetId) });
    if (filter.actions?.length) query.andWhere('a.action IN (:...actions)', { actions: filter.actions });
    if (filter.occurredFrom) query.andWhere('a.occurredAt >= :from', { from: dateParameter(this.dataSource, filter.occurredFrom.getTime()) });
    if (filter.occurredTo) query.andWhere('a.occurredAt < :to', { to: dateParameter(this.dataSource, filter.occurredTo.getTime()) });
    return query;
  }

  /** Newest first, a page at a time; `beforePosition` continues after the last entry seen. */
  async list(organizationId: string, filter: AuditFilter, first: number, beforePosition: number | null): Promise<AuditPage> {
    const query = await this.filtered(organizationId, filter);
    if (beforePosition !== null) query.andWhere('a.position < :beforePosition', { beforePosition });
    const rows = await query.orderBy('a.position', 'DESC').take(first + 1).getMany();
    return { entries: await this.reveal(organizationId, rows) };
  }

  /** Oldest first, the entries after `afterPosition` (a subscriber resuming where it left off). */
  async after(organizationId: string, filter: AuditFilter, afterPosition: number, first: number): Promise<RevealedEntry[]> {
    const query = await this.filtered(organizationId, filter);
    const rows = await query.andWhere('a.position > :afterPosition', { afterPosition }).orderBy('a.position', 'ASC').take(first).getMany();
    return this.reveal(organizationId, rows);
  }

  async count(organizationId: string, filter: AuditFilter): Promise<number> {
    return (await this.filtered(organizationId, filter)).getCount();
  }

  /** The filtered log as CSV (oldest first), at most `maxExportRows` entries. */
  async exportCsv(organizationId: string, filter: AuditFilter): Promise<string> {
    const stored = await (await this.filtered(organizationId, filter)).orderBy('a.position', 'ASC').take(maxExportRows).getMany();
    const rows = (await this.reveal(organizationId, stored)).map((r) => ({ ...r, details: JSON.stringify(r.details) }));
    const header = ['position', 'occurredAt', 'action', 'actorType', 'actorId', 'targetType', 'targetId', 'source', 'details', 'hash'];
    const lines = rows.map((r) => [r.position, r.occurredAt.toISOString(), r.action, r.actorType, r.actorId, r.targetType, r.targetId, r.source, r.details, r.hash].map(csvField).join(','));
    return [header.join(','), ...lines].join('\r\n') + '\r\n';
  }

  /** Re-computes every link, oldest first; with an anchor, also checks the chain still holds that entry unchanged. */
  async verify(organizationId: string, anchor: ChainAnchor | null = null): Promise<ChainVerification> {
    const repository = this.dataSource.getRepository(AuditEntry);
    let previous = { position: 0, hash: genesisHash };
    let checked = 0;
    let anchored: AuditEntry | null = null;
    for (;;) {
      const batch = await repository
        .createQueryBuilder('a')
        .where('a.organizationId = :organizationId AND a.position > :after', { organizationId, after: previous.position })
        .orderBy('a.position', 'ASC')
        .take(verifyBatch)
        .getMany();
      if (batch.length === 0) break;
      const broken = firstBreak(batch, previous);
      if (broken) {
        const entry = batch.find((e) => e.position === broken.position);
        return { valid: false, entriesChecked: checked + batch.findIndex((e) => e.position >= broken.position), firstBroken: { ...broken, entryId: entry?.id ?? null }, head: null };
      }
      anchored ??= anchor ? (batch.find((e) => e.position === anchor.position) ?? null) : null;
      checked += batch.length;
      const last = batch[batch.length - 1];
      previous = { position: last.position, hash: last.hash };
    }
    const head = checked ? previous : null;
    if (anchor && anchored?.hash !== anchor.hash) {
      const reason = anchored ? 'ANCHOR_MISMATCH' : 'ANCHOR_MISSING';
      return { valid: false, entriesChecked: checked, firstBroken: { position: anchor.position, reason, entryId: anchored?.id ?? null }, head };
    }
    return { valid: true, entriesChecked: checked, firstBroken: null, head };
  }
}

/** Account ids the records name (USER actors and targets, account-valued details), each once. */
function accountsIn(records: AuditRecord[]): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    if (record.actorType === 'USER' && record.actorId) ids.add(record.actorId);
    if (record.targetType === 'USER' && record.targetId) ids.add(record.targetId);
    for (const key of record.accountDetails ?? []) if (typeof record.details[key] === 'string') ids.add(record.details[key] as string);
  }
  return [...ids];
}

/** Quotes a CSV field when it must; neutralizes formula prefixes so spreadsheets do not run them. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
