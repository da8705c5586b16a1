import { MemberViewer, PermissionSet, RuleViolation, csvRecords, ok, permissionsCover, refused } from '@gatehouse/shared';
import { InvitationsResult, InvitationsViolation } from '../../errors/invitations-error-code';
import { InvitationAccess, OrganizationRole } from './invitation-access';
import { normalizedEmail } from './invitation-email';
import { InvitationWriter } from './invitation-writer';
import { InviteInput, SentInvitation, mayInvite, rateLimited } from './invitations.service';

export const bulkLimits = { maxRows: 1000, maxCsvCharacters: 1_000_000 } as const;

/** INVITED: created; VALID: would be, but this was a dry run or another row is invalid; INVALID: see `problem`. */
export type BulkRowStatus = 'INVITED' | 'VALID' | 'INVALID';

export interface BulkRowReport {
  /** 1-based position in the list, or the CSV line (1 is the header). */
  row: number;
  email: string;
  status: BulkRowStatus;
  problem: InvitationsViolation | null;
  sent: SentInvitation | null;
}

export interface BulkInviteInput {
  invitations?: InviteInput[] | null;
  csv?: string | null;
  dryRun: boolean;
}

export interface BulkInviteResult {
  rows: BulkRowReport[];
  created: number;
}

/** A row as given: role and space by id (list) or by id, name or key (CSV). */
interface GivenRow {
  row: number;
  email: string;
  role: string | null;
  space: string | null;
  problem: InvitationsViolation | null;
}

/** A row after checking: what it would create, or why not. */
interface CheckedRow extends GivenRow {
  normalized: string | null;
  roleId: string | null;
  spaceId: string | null;
}

const csvColumns = ['email', 'role', 'space'] as const;
const badInput = (message: string, field: string[]) => refused(new RuleViolation('INVALID_BULK_INPUT', message, field)) as InvitationsResult<never>;

/**
 * Invites up to 1,000 addresses at once, like the CSV user import: every row is checked first
 * (address, duplicates in the list, existing members, open invitations, role and space, what the
 * inviter holds there) and any invalid row creates nothing; the report has one entry per row. The
 * checks ask each other service once for all rows; the invitations are written through the same
 * path as a single invite, in one transaction.
 */
export class BulkInvitationsService {
  constructor(
    private readonly access: InvitationAccess,
    private readonly writer: InvitationWriter,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  async inviteMany(actor: MemberViewer, input: BulkInviteInput): Promise<InvitationsResult<BulkInviteResult>> {
    const given = this.rowsOf(input);
    if (!given.ok) return given;
    const rows = await this.check(actor, given.value);
    const invalid = rows.some((r) => r.problem);
    const drafts = rows.map((r) => ({ email: r.normalized!, roleId: r.roleId!, spaceId: r.spaceId }));
    if (invalid) return ok({ rows: rows.map((r) => report(r, null)), created: 0 });
    if (input.dryRun) {
      // What the real run would answer, the hourly limit included (counted without the lock: advice, not a promise).
      const limited = await this.writer.limitCheck(actor.organizationId, drafts.length);
      return limited ? refused(rateLimited(limited)) : ok({ rows: rows.map((r) => report(r, null)), created: 0 });
    }

    const outcome = await this.writer.create(actor.organizationId, actor.accountId, drafts);
    if (!outcome.ok && 'rateLimited' in outcome) return refused(rateLimited(outcome.rateLimited));
    if (!outcome.ok) {
      // Invited by another request since the check: those rows say so, and nothing was created.
      const taken = new Set(outcome.alreadyInvited);
      return ok({ rows: rows.map((r) => report(taken.has(r.normalized!) ? { ...r, problem: alreadyInvited(r) } : r, null)), created: 0 });
    }
    await this.afterCommit();
    return ok({ rows: rows.map((r, i) => report(r, outcome.sent[i])), created: outcome.sent.length });
  }

  /** The rows of the list or of the CSV (header email, role, space: any order, role and space optional). */
  private rowsOf(input: BulkInviteInput): InvitationsResult<GivenRow[]> {
    const hasList = input.invitations != null;
    const hasCsv = input.csv != null;
    if (hasList === hasCsv) return badInput('Give either `invitations` or `csv`.', ['input']);
    if (hasList) {
      const list = input.invitations!;
      if (list.length > bulkLimits.maxRows) return tooMany(['input', 'invitations']);
      if (!list.length) return badInput('The list is empty.', ['input', 'invitations']);
      return ok(list.map((i, index) => ({ row: index + 1, email: i.email, role: i.roleId ?? null, space: i.spaceId ?? null, problem: null })));
    }
    const records = csvRecords(input.csv!);
    const header = records.next();
    if (header.done) return badInput('The CSV has no header row.', ['input', 'csv']);
    const names = header.value.fields.map((f) => f.trim().toLowerCase());
    const unknown = names.filter((n) => !(csvColumns as readonly string[]).includes(n));
    if (unknown.length || !names.includes('email') || new Set(names).size !== names.length) {
      return badInput(`The header names each of email (required), role and space at most once; found: ${names.join(', ').slice(0, 200)}.`, ['input', 'csv']);
    }
    const rows: GivenRow[] = [];
    for (const record of records) {
      if (rows.length >= bulkLimits.maxRows) return tooMany(['input', 'csv']);
      const cell = (column: (typeof csvColumns)[number]) => {
        const index = names.indexOf(column);
        return index < 0 ? '' : (record.fields[index] ?? '').trim();
      };
      const problem = record.fields.length === names.length ? null : new RuleViolation('INVALID_BULK_INPUT', `Expected ${names.length} fields, found ${record.fields.length}.`, ['input', 'csv']) as InvitationsViolation;
      rows.push({ row: record.line, email: cell('email').slice(0, 320), role: cell('role') || null, space: cell('space') || null, problem });
    }
    if (!rows.length) return badInput('The CSV has no rows under its header.', ['input', 'csv']);
    return ok(rows);
  }

  /** Every rule for every row, each other service asked once; a row keeps its first problem. */
  private async check(actor: MemberViewer, given: GivenRow[]): Promise<CheckedRow[]> {
    const { organizationId, accountId } = actor;
    // Spaces may be named (any case) or given by id; names are looked up first, what is left is taken as an id.
    const spaceNames = [...new Set(given.flatMap((r) => (r.space && r.space.length <= 100 ? [r.space.toLowerCase()] : [])))];
    const [roles, named] = await Promise.all([this.access.organizationRoles(organizationId), spaceNames.length ? this.access.spacesByName(organizationId, spaceNames) : []]);
    const spaceByName = new Map(named.map((s) => [s.name.toLowerCase(), s.id]));
    const spaceIdOf = (space: string) => spaceByName.get(space.toLowerCase()) ?? (space.length <= 64 ? space : null);
    const spaceIds = [...new Set(given.flatMap((r) => (r.space && spaceIdOf(r.space) ? [spaceIdOf(r.space)!] : [])))];
    const scopes = await this.access.inviterScopes(organizationId, accountId, spaceIds);
    const scopeOf = new Map(scopes.spaces.map((s) => [s.spaceId, s]));
    const roleOf = roleFinder(roles);

    const firstRowOf = new Map<string, number>();
    const rows: CheckedRow[] = given.map((g) => {
      const row: CheckedRow = { ...g, normalized: normalizedEmail(g.email), roleId: null, spaceId: null };
      if (row.problem) return row;
      if (!row.normalized) return { ...row, problem: new RuleViolation('INVALID_EMAIL', `"${g.email.slice(0, 254)}" is not an e-mail address.`, ['email']) };
      const first = firstRowOf.get(row.normalized);
      if (first !== undefined) return { ...row, problem: new RuleViolation('DUPLICATE_IN_LIST', `${row.normalized} is on row ${first} already.`, ['email']) };
      firstRowOf.set(row.normalized, g.row);
      let permissions: PermissionSet = scopes.organization;
      if (g.space) {
        const scope = scopeOf.get(spaceIdOf(g.space) ?? '');
        if (!scope?.found) return { ...row, problem: new RuleViolation('SPACE_NOT_FOUND', 'No such space in this organization (or it is archived).', ['space']) };
        row.spaceId = scope.spaceId;
        permissions = scope.permissions;
      }
      if (!mayInvite(permissions)) return { ...row, problem: new RuleViolation('INVITING_NOT_ALLOWED', 'Inviting takes Team Members WRITE in the organization, or in the space for a space invitation.', ['space']) };
      const role = g.role ? roleOf(g.role) : roles.find((r) => r.id === scopes.defaultRoleId);
      if (!role) return { ...row, problem: new RuleViolation('ROLE_NOT_FOUND', g.role ? `No role "${g.role.slice(0, 100)}" in this organization.` : 'The organization has no default role.', ['role']) };
      if (!permissionsCover(permissions, role.permissions)) return { ...row, problem: new RuleViolation('ROLE_EXCEEDS_OWN_PERMISSIONS', `"${role.name}" grants more than you hold, so you cannot invite with it.`, ['role']) };
      row.roleId = role.id;
      return row;
    });

    // Members and open invitations, only for rows the inviter may invite (the others learn nothing of the address).
    const candidates = rows.filter((r) => !r.problem).map((r) => r.normalized!);
    const members = new Set(candidates.length ? await this.access.membersByEmail(organizationId, candidates) : []);
    const open = new Set(candidates.length ? await this.writer.pendingAmong(organizationId, candidates) : []);
    return rows.map((r) => {
      if (r.problem) return r;
      if (members.has(r.normalized!)) return { ...r, problem: new RuleViolation('ALREADY_MEMBER', `${r.normalized} belongs to a member of the organization already.`, ['email']) };
      if (open.has(r.normalized!)) return { ...r, problem: alreadyInvited(r) };
      return r;
    });
  }
}

function tooMany(field: string[]): InvitationsResult<never> {
  return refused(new RuleViolation('TOO_MANY_ROWS', `A bulk invite holds at most ${bulkLimits.maxRows.toLocaleString('en-US')} rows.`, field));
}

function alreadyInvited(row: CheckedRow): InvitationsViolation {
  return new RuleViolation('ALREADY_INVITED', `${row.normalized} has a pending invitation already: resend it instead.`, ['email']);
}

/** A role by id, or (any case) by name or key. */
function roleFinder(roles: OrganizationRole[]): (given: string) => OrganizationRole | undefined {
  const byId = new Map(roles.map((r) => [r.id, r]));
  const byName = new Map(roles.flatMap((r) => [[r.name.toLowerCase(), r] as const, ...(r.key ? [[r.key.toLowerCase(), r] as const] : [])]));
  return (given) => byId.get(given) ?? byName.get(given.toLowerCase());
}

function report(row: CheckedRow, sent: SentInvitation | null): BulkRowReport {
  return { row: row.row, email: row.normalized ?? row.email, status: row.problem ? 'INVALID' : sent ? 'INVITED' : 'VALID', problem: row.problem, sent };
}
