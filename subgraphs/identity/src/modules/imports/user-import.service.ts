import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { MemberViewer, PermissionSet, RuleViolation, isUniqueViolation, ok, permissionsCover, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { Account } from '../accounts/account.entity';
import { Membership } from '../accounts/membership.entity';
import { hashPassword } from '../accounts/password';
import { phoneDigits, profileKeys } from '../accounts/profile-keys';
import { profileProblems } from '../users/profile.service';
import { csvRecords } from './csv-rows';
import { recordIdentityEvent } from '../../events';

export interface OrganizationRole {
  id: string;
  key: string | null;
  name: string;
  permissions: PermissionSet;
}

export interface ImportRowProblem {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

export type ImportStatus = 'VALIDATING' | 'IMPORTING' | 'DONE' | 'REJECTED';

export interface ImportProgress {
  id: string;
  organizationId: string;
  status: ImportStatus;
  total: number;
  processed: number;
}

export interface ImportResult {
  progress: ImportProgress;
  problems: ImportRowProblem[];
  importedUserIds: string[];
}

interface ValidRow {
  line: number;
  email: string;
  name: string;
  lastName: string;
  password: string | null;
  roleId: string | null;
  jobTitle: string | null;
  phone: string | null;
  language: string | null;
}

/** Column names accepted in the header (any case; spaces, dashes and underscores ignored). */
const columns: Record<string, keyof Omit<ValidRow, 'line' | 'roleId'> | 'role'> = {
  email: 'email',
  name: 'name',
  firstname: 'name',
  lastname: 'lastName',
  password: 'password',
  role: 'role',
  jobtitle: 'jobTitle',
  phone: 'phone',
  language: 'language',
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const importLimits = { maxRows: 50_000, maxProblems: 1_000, chunk: 500, eventMembers: 100, maxCellLength: 2_000 };

const progressKey = (organizationId: string, id: string) => `${organizationId} ${id}`;

/** No one knows a password for this hash: imported users without one set theirs by password reset. */
const unusablePassword = '!imported-without-password';

/**
 * Imports users from CSV: every row is validated first (duplicates in the file and against existing
 * accounts included); any bad row rejects the whole file, listing each problem with its line. A valid
 * file is written in one transaction, in chunks whose progress `progressOf` reports.
 */
export class UserImportService {
  /**
   * Keyed by organization and id: the caller chooses the id, so another organization's import id
   * must be answered like an unused one (taking it is allowed; refusing would reveal it exists).
   */
  private readonly progress = new Map<string, ImportProgress>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly organizationRoles: (organizationId: string) => Promise<OrganizationRole[]>,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  /** Progress of an import of the viewer's organization (kept in memory for an hour). */
  progressOf(organizationId: string, id: string): ImportProgress | null {
    return this.progress.get(progressKey(organizationId, id)) ?? null;
  }

  async importUsers(actor: MemberViewer, csv: string, options: { dryRun: boolean; importId?: string | null }): Promise<IdentityResult<ImportResult>> {
    const id = options.importId ?? randomUUID();
    const key = progressKey(actor.organizationId, id);
    if (this.progress.has(key)) return refused(new RuleViolation('IMPORT_ID_TAKEN', 'An import with this id already ran; use a new id.', ['input', 'importId']));
    const progress: ImportProgress = { id, organizationId: actor.organizationId, status: 'VALIDATING', total: 0, processed: 0 };
    this.progress.set(key, progress);
    setTimeout(() => this.progress.delete(key), 60 * 60_000).unref();

    const { rows, problems } = await this.validate(actor, csv, progress);
    if (problems.length || options.dryRun) {
      progress.status = problems.length ? 'REJECTED' : 'DONE';
      return ok({ progress, problems, importedUserIds: [] });
    }
    progress.status = 'IMPORTING';
    let importedUserIds: string[];
    try {
      importedUserIds = await this.write(actor, rows, progress);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // An address was taken between validation and writing: nothing was imported.
      progress.status = 'REJECTED';
      return ok({ progress, problems: [{ line: 0, field: 'email', code: 'EMAIL_TAKEN', message: 'An address in the file was registered while importing; nothing was imported. Try again.' }], importedUserIds: [] });
    }
    progress.status = 'DONE';
    await this.afterCommit();
    return ok({ progress, problems: [], importedUserIds });
  }

  private async validate(actor: MemberViewer, csv: string, progress: ImportProgress): Promise<{ rows: ValidRow[]; problems: ImportRowProblem[] }> {
    const problems: ImportRowProblem[] = [];
    const problem = (line: number, field: string | null, code: string, message: string) => {
      if (problems.length < importLimits.maxProblems) problems.push({ line, field, code, message });
    };
    const records = csvRecords(csv);
    const header = records.next();
    if (header.done) return { rows: [], problems: [{ line: 1, field: null, code: 'EMPTY_FILE', message: 'The file has no header row.' }] };
    const names = header.value.fields.map((f) => f.trim().toLowerCase().replace(/[\s_-]/g, ''));
    const unknown = names.filter((n) => !(n in columns));
    if (unknown.length) problem(1, null, 'UNKNOWN_COLUMN', `Unknown column(s): ${unknown.join(', ')}. Use ${Object.keys(columns).join(', ')}.`);
    if (!names.includes('email') || !(names.includes('name') || names.includes('firstname'))) problem(1, null, 'MISSING_COLUMN', 'The header needs at least email and name.');
    if (problems.length) return { rows: [], problems };

    const indexOf = new Map(names.map((n, i) => [columns[n], i] as const));
    const roles = await this.organizationRoles(actor.organizationId);
    const roleByName = new Map(roles.flatMap((r) => [[r.name.toLowerCase(), r], ...(r.key ? [[r.key.toLowerCase(), r] as const] : [])]));
    const firstLineOf = new Map<string, number>();
    const rows: ValidRow[] = [];
    for (const record of records) {
      if (rows.length >= importLimits.maxRows) {
        problem(record.line, null, 'TOO_MANY_ROWS', `Import at most ${importLimits.maxRows} users at a time.`);
        break;
      }
      const value = (column: string) => {
        const index = indexOf.get(column as (typeof columns)[string]);
        return index === undefined ? '' : (record.fields[index] ?? '').trim();
      };
      if (record.fields.length !== names.length) problem(record.line, null, 'WRONG_FIELD_COUNT', `Expected ${names.length} fields, found ${record.fields.length}.`);
      // A cell longer than any column allows is refused whole: it is neither checked further nor echoed back.
      const longCell = record.fields.findIndex((field) => field.length > importLimits.maxCellLength);
      if (longCell >= 0) {
        problem(record.line, columns[names[longCell]] ?? null, 'CELL_TOO_LONG', `A cell holds at most ${importLimits.maxCellLength.toLocaleString('en-US')} characters.`);
        continue;
      }
      const email = value('email');
      const normalized = email.toLowerCase();
      if (!emailPattern.test(email) || email.length > 320) problem(record.line, 'email', 'INVALID_EMAIL', `"${email}" is not an e-mail address.`);
      else if (firstLineOf.has(normalized)) problem(record.line, 'email', 'DUPLICATE_IN_FILE', `${email} already appears on line ${firstLineOf.get(normalized)}.`);
      else firstLineOf.set(normalized, record.line);
      const row: ValidRow = {
        line: record.line,
        email,
        name: value('name'),
        lastName: value('lastName'),
        password: value('password') || null,
        roleId: null,
        jobTitle: value('jobTitle') || null,
        phone: value('phone') || null,
        language: value('language') || null,
      };
      for (const p of profileProblems({ name: row.name, lastName: row.lastName, jobTitle: row.jobTitle, phone: row.phone, language: row.language, password: row.password })) {
        problem(record.line, p.field?.at(-1) ?? null, p.code, p.message);
      }
      const roleName = value('role');
      if (roleName) {
        const role = roleByName.get(roleName.toLowerCase());
        if (!role) problem(record.line, 'role', 'ROLE_NOT_FOUND', `No role called "${roleName}".`);
        else if (!permissionsCover(actor.permissions, role.permissions)) problem(record.line, 'role', 'ROLE_EXCEEDS_OWN_PERMISSIONS', `"${roleName}" grants more than you hold.`);
        else row.roleId = role.id;
      }
      rows.push(row);
      progress.total = rows.length;
    }

    // Against existing accounts, a thousand addresses per statement.
    const emails = [...firstLineOf.keys()];
    for (let i = 0; i < emails.length; i += 1000) {
      const taken = await this.dataSource.getRepository(Account).find({ where: { emailNormalized: In(emails.slice(i, i + 1000)) }, select: { emailNormalized: true } });
      for (const account of taken) problem(firstLineOf.get(account.emailNormalized)!, 'email', 'EMAIL_TAKEN', `${account.emailNormalized} already has an account.`);
    }
    problems.sort((a, b) => a.line - b.line);
    return { rows, problems };
  }

  private async write(actor: MemberViewer, rows: ValidRow[], progress: ImportProgress): Promise<string[]> {
    const hashes = new Map<number, string>();
    for (const row of rows) if (row.password) hashes.set(row.line, await hashPassword(row.password));
    const ids: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      for (let i = 0; i < rows.length; i += importLimits.chunk) {
        const chunk = rows.slice(i, i + importLimits.chunk);
        const now = new Date();
        const accounts = chunk.map((row) => ({
          id: randomUUID(),
          email: row.email,
          emailNormalized: row.email.toLowerCase(),
          name: row.name,
          lastName: row.lastName,
          jobTitle: row.jobTitle,
          phone: row.phone,
          phoneDigits: phoneDigits(row.phone),
          language: row.language,
          passwordHash: hashes.get(row.line) ?? unusablePassword,
          emailConfirmed: false,
          createdAt: now,
        }));
        // Copies: after a batch insert TypeORM writes re-read default columns back into the objects
        // it was given, by position, and on SQLite the positions do not match (seen here).
        await manager.insert(Account, accounts.map((account) => ({ ...account })));
        await manager.insert(
          Membership,
          accounts.map((a) => ({ id: randomUUID(), accountId: a.id, organizationId: actor.organizationId, status: 'ACTIVE' as const, ...profileKeys(a.name, a.lastName, a.email), lastActivityAt: now, createdAt: now })),
        );
        // Announced in smaller parts than the chunk: with each address (invitations closes theirs), 500
        // members would outgrow MySQL's TEXT payload (64 KiB); 100 stay under it even at 320-character addresses (the longest an account holds).
        for (let k = 0; k < accounts.length; k += importLimits.eventMembers) {
          await recordIdentityEvent(manager, 'memberships.imported', {
            organizationId: actor.organizationId,
            actorId: actor.accountId,
            members: accounts.slice(k, k + importLimits.eventMembers).map((a, j) => ({ accountId: a.id, roleId: chunk[k + j].roleId, email: a.emailNormalized })),
          });
        }
        ids.push(...accounts.map((a) => a.id));
        progress.processed = ids.length;
        // Let other requests in between chunks (SQLite's driver is synchronous): progress is visible.
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    return ids;
  }
}
