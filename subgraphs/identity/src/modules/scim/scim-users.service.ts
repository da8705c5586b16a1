import { DataSource } from 'typeorm';
import { scimPatch, ScimPatchOperation } from 'scim-patch';
import { AccountsService } from '../accounts/accounts.service';
import { OrgUnit } from '../directory/org-unit.entity';
import { UnitMembership } from '../directory/unit-membership.entity';
import { Actor } from '../users/actor';
import { DeletionService } from '../users/deletion.service';
import { MembershipService } from '../users/membership.service';
import { ProfileChanges, ProfileService } from '../users/profile.service';
import { UserRecord } from '../users/user.types';
import { UsersService } from '../users/users.service';
import { ScimError, scimErrorOf, scimSchemas } from './scim-error';
import { parseEquality } from './scim-filter';
import { ScimGroupRef, fromScimUser, scimBoolean, toScimUser } from './scim-user';

export interface ScimUsersDependencies {
  dataSource: DataSource;
  users: UsersService;
  accounts: AccountsService;
  profiles: ProfileService;
  membership: MembershipService;
  deletion: DeletionService;
}

export const maxScimPage = 200;

/** SCIM's Users endpoint over Gatehouse's own services, so every rule (and the audit trail) applies. */
export class ScimUsersService {
  constructor(private readonly deps: ScimUsersDependencies) {}

  private async groupsOf(organizationId: string, accountIds: string[]): Promise<Map<string, ScimGroupRef[]>> {
    const result = new Map<string, ScimGroupRef[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return result;
    const rows = await this.deps.dataSource
      .createQueryBuilder(UnitMembership, 'um')
      .innerJoin(OrgUnit, 'u', 'u.id = um.unitId')
      .select('um.accountId', 'accountId')
      .addSelect('u.id', 'id')
      .addSelect('u.name', 'name')
      .where('um.organizationId = :organizationId AND u.source = :source AND um.accountId IN (:...accountIds)', { organizationId, source: 'SCIM', accountIds })
      .getRawMany<{ accountId: string; id: string; name: string }>();
    for (const row of rows) result.get(row.accountId)?.push({ id: row.id, name: row.name });
    return result;
  }

  private async resources(organizationId: string, users: UserRecord[], baseUrl: string): Promise<Record<string, unknown>[]> {
    const groups = await this.groupsOf(organizationId, users.map((u) => u.id));
    return users.map((u) => toScimUser(u, baseUrl, groups.get(u.id) ?? []));
  }

  private async record(organizationId: string, id: string): Promise<UserRecord> {
    const [user] = await this.deps.users.byIds(organizationId, [id]);
    if (!user) throw new ScimError(404, `No user ${id} in this organization.`);
    return user;
  }

  async get(organizationId: string, id: string, baseUrl: string): Promise<Record<string, unknown>> {
    const [resource] = await this.resources(organizationId, [await this.record(organizationId, id)], baseUrl);
    return resource;
  }

  /** `GET /Users`: 1-based `startIndex`, `count` up to 200, filters `userName eq`, `externalId eq`, `emails.value eq`. */
  async list(organizationId: string, query: { filter?: string; startIndex?: string; count?: string }, baseUrl: string): Promise<Record<string, unknown>> {
    const equality = parseEquality(query.filter, ['userName', 'externalId', 'emails.value']);
    const startIndex = Math.max(1, Number.parseInt(query.startIndex ?? '1', 10) || 1);
    const count = Math.min(maxScimPage, Math.max(0, Number.parseInt(query.count ?? String(maxScimPage), 10) || 0));
    const where = !equality ? {} : equality.attribute === 'externalId' ? { externalId: equality.value } : { emailNormalized: equality.value.toLowerCase() };
    const page = await this.deps.users.byPosition(organizationId, where, startIndex - 1, count);
    return { schemas: [scimSchemas.list], totalResults: page.total, startIndex, itemsPerPage: page.records.length, Resources: await this.resources(organizationId, page.records, baseUrl) };
  }

  async create(actor: Actor, body: Record<string, unknown>, baseUrl: string): Promise<Record<string, unknown>> {
    const fields = fromScimUser(body);
    const created = await this.deps.accounts.createUser(actor, {
      email: fields.email,
      name: fields.changes.name!,
      lastName: fields.changes.lastName,
      password: fields.password,
      externalId: fields.changes.externalId,
      jobTitle: fields.changes.jobTitle,
      phone: fields.changes.phone,
      language: fields.changes.language,
      emailConfirmed: true,
      status: fields.active ? 'ACTIVE' : 'PENDING',
    });
    if (!created.ok) throw scimErrorOf(created.errors);
    return this.get(actor.organizationId, created.value, baseUrl);
  }

  /** `PUT`: the body is the whole resource; what it leaves out is cleared. */
  async replace(actor: Actor, id: string, body: Record<string, unknown>, baseUrl: string): Promise<Record<string, unknown>> {
    const current = await this.record(actor.organizationId, id);
    const fields = fromScimUser(body);
    const changes: ProfileChanges = { ...fields.changes };
    if (fields.email.toLowerCase() !== current.email.toLowerCase()) changes.email = fields.email;
    if (fields.password) changes.password = fields.password;
    const updated = await this.deps.profiles.update(actor, id, changes);
    if (!updated.ok) throw scimErrorOf(updated.errors);
    const wanted = fields.active ? 'ACTIVE' : 'PENDING';
    if (wanted !== current.membershipStatus) {
      const changed = await this.deps.membership.setStatus(actor, id, wanted);
      if (!changed.ok) throw scimErrorOf(changed.errors);
    }
    return this.get(actor.organizationId, id, baseUrl);
  }

  /** `PATCH`: the operations are applied to the current resource by scim-patch, then saved like a PUT. */
  async patch(actor: Actor, id: string, body: Record<string, unknown>, baseUrl: string): Promise<Record<string, unknown>> {
    const current = await this.get(actor.organizationId, id, baseUrl);
    const patched = applyPatch(current, body);
    return this.replace(actor, id, patched, baseUrl);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.record(actor.organizationId, id);
    const deleted = await this.deps.deletion.deleteUser(actor, id);
    if (!deleted.ok) throw scimErrorOf(deleted.errors);
  }
}

/** Reads a PatchOp body; identity providers write ops capitalized and booleans as strings. */
export function patchOperations(body: Record<string, unknown>): ScimPatchOperation[] {
  const schemas = Array.isArray(body?.schemas) ? body.schemas : [];
  if (!schemas.includes(scimSchemas.patch) || !Array.isArray(body.Operations) || body.Operations.length === 0) {
    throw new ScimError(400, `A PATCH body is a ${scimSchemas.patch} message with at least one operation.`, 'invalidSyntax');
  }
  return (body.Operations as Record<string, unknown>[]).map((raw) => {
    const op = String(raw?.op ?? '').toLowerCase();
    if (!['add', 'remove', 'replace'].includes(op)) throw new ScimError(400, `Unknown PATCH operation "${String(raw?.op)}".`, 'invalidSyntax');
    let value = raw.value;
    if (typeof raw.path === 'string' && raw.path.toLowerCase() === 'active') value = scimBoolean(value, true);
    if (!raw.path && value && typeof value === 'object' && 'active' in value) value = { ...(value as object), active: scimBoolean((value as Record<string, unknown>).active, true) };
    return { ...raw, op, value } as ScimPatchOperation;
  });
}

function applyPatch(resource: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  try {
    return scimPatch(structuredClone(resource) as never, patchOperations(body)) as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ScimError) throw error;
    throw new ScimError(400, error instanceof Error ? error.message : 'The PATCH could not be applied.', 'invalidPath');
  }
}

