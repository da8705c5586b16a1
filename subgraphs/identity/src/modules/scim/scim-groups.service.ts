import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';

import { Account } from '../accounts/account.entity';
import { Membership } from '../accounts/membership.entity';
import { OrgUnit } from '../directory/org-unit.entity';
import { UnitMembership } from '../directory/unit-membership.entity';
import { Actor } from '../users/actor';
import { recordUnitChanges } from '../directory/unit-events';
import { ScimError, scimSchemas } from './scim-error';
import { parseEquality } from './scim-filter';
import { maxScimPage, patchOperations } from './scim-users.service';
import { recordIdentityEvent } from '../../events';

interface GroupChange {
  displayName?: string;
  externalId?: string | null;
  add?: string[];
  remove?: string[];
  /** The complete member list (PUT, or a PATCH replace of members). */
  replace?: string[];
}

function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((m) => (typeof m === 'object' && m !== null ? String((m as Record<string, unknown>).value ?? '') : String(m))).filter(Boolean);
}

/** `members[value eq "id"]`: the form Entra ID uses to remove one member. */
const memberPath = /^members\[value eq "([^"]+)"\]$/i;

/**
 * SCIM Groups become organizational units (source SCIM) whose memberships are directory-managed:
 * access-control groups link to them like to any unit, and admins see them read-only.
 */
export class ScimGroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  private async resource(unit: OrgUnit, baseUrl: string, withMembers = true): Promise<Record<string, unknown>> {
    const members = withMembers
      ? await this.dataSource
          .createQueryBuilder(UnitMembership, 'um')
          .innerJoin(Account, 'a', 'a.id = um.accountId')
          .select('um.accountId', 'id')
          .addSelect('a.email', 'email')
          .where('um.unitId = :unitId AND um.managedBy = :managedBy', { unitId: unit.id, managedBy: 'DIRECTORY' })
          .orderBy('um.createdAt', 'ASC')
          .getRawMany<{ id: string; email: string }>()
      : null;
    return {
      schemas: [scimSchemas.group],
      id: unit.id,
      displayName: unit.name,
      ...(unit.externalId ? { externalId: unit.externalId } : {}),
      ...(members ? { members: members.map((m) => ({ value: m.id, display: m.email, $ref: `${baseUrl}/Users/${m.id}` })) } : {}),
      meta: { resourceType: 'Group', created: unit.createdAt.toISOString(), location: `${baseUrl}/Groups/${unit.id}` },
    };
  }

  private async unit(organizationId: string, id: string): Promise<OrgUnit> {
    const unit = await this.dataSource.getRepository(OrgUnit).findOneBy({ id, organizationId, source: 'SCIM' });
    if (!unit) throw new ScimError(404, `No group ${id} in this organization.`);
    return unit;
  }

  async get(organizationId: string, id: string, baseUrl: string, excludedAttributes?: string): Promise<Record<string, unknown>> {
    return this.resource(await this.unit(organizationId, id), baseUrl, !/\bmembers\b/i.test(excludedAttributes ?? ''));
  }

  async list(organizationId: string, query: { filter?: string; startIndex?: string; count?: string; excludedAttributes?: string }, baseUrl: string): Promise<Record<string, unknown>> {
    const equality = parseEquality(query.filter, ['displayName', 'externalId']);
    const startIndex = Math.max(1, Number.parseInt(query.startIndex ?? '1', 10) || 1);
    const count = Math.min(maxScimPage, Math.max(0, Number.parseInt(query.count ?? String(maxScimPage), 10) || 0));
    const where = { organizationId, source: 'SCIM' as const, ...(equality ? { [equality.attribute === 'displayName' ? 'name' : 'externalId']: equality.value } : {}) };
    const [units, total] = await this.dataSource.getRepository(OrgUnit).findAndCount({ where, order: { createdAt: 'ASC', id: 'ASC' }, skip: startIndex - 1, take: count });
    const withMembers = !/\bmembers\b/i.test(query.excludedAttributes ?? '');
    const resources = [];
    for (const unit of units) resources.push(await this.resource(unit, baseUrl, withMembers));
    return { schemas: [scimSchemas.list], totalResults: total, startIndex, itemsPerPage: units.length, Resources: resources };
  }

  async create(actor: Actor, body: Record<string, unknown>, baseUrl: string): Promise<Record<string, unknown>> {
    const displayName = typeof body?.displayName === 'string' ? body.displayName.trim() : '';
    if (!displayName || displayName.length > 200) throw new ScimError(400, 'displayName is required (1 to 200 characters).', 'invalidValue');
    const id = randomUUID();
    await this.write(actor, async (manager) => {
      if (await manager.existsBy(OrgUnit, { organizationId: actor.organizationId, source: 'SCIM', name: displayName })) throw new ScimError(409, `A group named "${displayName}" exists.`, 'uniqueness');
      await manager.insert(OrgUnit, { id, organizationId: actor.organizationId, name: displayName, parentId: null, externalId: typeof body.externalId === 'string' ? body.externalId : null, source: 'SCIM', createdAt: new Date() });
      await recordUnitChanges(manager, actor.organizationId, { unitsUpserted: [{ id, parentId: null }] });
      const added = await this.setMembers(manager, actor.organizationId, id, { add: memberIds(body.members) });
      return { unitsCreated: 1, ...added };
    });
    return this.get(actor.organizationId, id, baseUrl);
  }

  async replace(actor: Actor, id: string, body: Record<string, unknown>, baseUrl: string): Promise<Record<string, unknown>> {
    const displayName = typeof body?.displayName === 'string' ? body.displayName.trim() : '';
    if (!displayName) throw new ScimError(400, 'displayName is required.', 'invalidValue');
    await this.change(actor, id, { displayName, externalId: typeof body.externalId === 'string' ? body.externalId : null, replace: memberIds(body.members) });
    return this.get(actor.organizationId, id, baseUrl);
  }

  /** PATCH: members add/remove/replace (including `members[value eq "…"]`), displayName and externalId. */
  async patch(actor: Actor, id: string, body: Record<string, unknown>, baseUrl: string): Promise<Record<string, unknown>> {
    const change: GroupChange = {};
    for (const op of patchOperations(body)) {
      const path = 'path' in op && typeof op.path === 'string' ? op.path : '';
      const value = 'value' in op ? op.value : undefined;
      const one = memberPath.exec(path);
      if (one && op.op === 'remove') change.remove = [...(change.remove ?? []), one[1]];
      else if (path.toLowerCase() === 'members') {
        if (op.op === 'add') change.add = [...(change.add ?? []), ...memberIds(value)];
        else if (op.op === 'remove') change.remove = [...(change.remove ?? []), ...memberIds(value)];
        else change.replace = memberIds(value);
      } else if (path.toLowerCase() === 'displayname' && op.op !== 'remove') change.displayName = String(value ?? '').trim();
      else if (path.toLowerCase() === 'externalid') change.externalId = op.op === 'remove' ? null : String(value ?? '');
      else if (!path && value && typeof value === 'object') {
        const fields = value as Record<string, unknown>;
        if (typeof fields.displayName === 'string') change.displayName = fields.displayName.trim();
        if (typeof fields.externalId === 'string') change.externalId = fields.externalId;
        if (fields.members !== undefined) change.add = [...(change.add ?? []), ...memberIds(fields.members)];
      } else throw new ScimError(400, `PATCH of "${path}" is not supported on groups.`, 'invalidPath');
    }
    await this.change(actor, id, change);
    return this.get(actor.organizationId, id, baseUrl, body.excludedAttributes as string | undefined);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const unit = await this.unit(actor.organizationId, id);
    await this.write(actor, async (manager) => {
      const removed = await manager.delete(UnitMembership, { unitId: unit.id });
      const children = await manager.find(OrgUnit, { where: { organizationId: actor.organizationId, parentId: unit.id }, select: { id: true } });
      await manager.update(OrgUnit, { organizationId: actor.organizationId, parentId: unit.id }, { parentId: null });
      await manager.delete(OrgUnit, { id: unit.id });
      await recordUnitChanges(manager, actor.organizationId, { unitsUpserted: children.map((c) => ({ id: c.id, parentId: null })), unitsRemoved: [unit.id] });
      return { unitsRemoved: 1, membershipsRemoved: removed.affected ?? 0 };
    });
  }

  private async change(actor: Actor, id: string, change: GroupChange): Promise<void> {
    const unit = await this.unit(actor.organizationId, id);
    if (change.displayName !== undefined && (!change.displayName || change.displayName.length > 200)) throw new ScimError(400, 'displayName must be 1 to 200 characters.', 'invalidValue');
    await this.write(actor, async (manager) => {
      const renamed = change.displayName !== undefined && change.displayName !== unit.name;
      if (renamed && (await manager.existsBy(OrgUnit, { organizationId: actor.organizationId, source: 'SCIM', name: change.displayName }))) throw new ScimError(409, `A group named "${change.displayName}" exists.`, 'uniqueness');
      const updates = { ...(renamed ? { name: change.displayName } : {}), ...(change.externalId !== undefined ? { externalId: change.externalId } : {}) };
      if (Object.keys(updates).length) await manager.update(OrgUnit, { id: unit.id }, updates);
      return { unitsUpdated: Object.keys(updates).length ? 1 : 0, ...(await this.setMembers(manager, actor.organizationId, unit.id, change)) };
    });
  }

  /** Adds, removes or replaces directory memberships; every id must be a member of the organization. */
  private async setMembers(manager: EntityManager, organizationId: string, unitId: string, change: GroupChange): Promise<{ membershipsAdded: number; membershipsRemoved: number }> {
    const named = [...new Set([...(change.add ?? []), ...(change.replace ?? [])])];
    if (named.length) {
      const known = new Set((await manager.find(Membership, { where: { organizationId, accountId: In(named) }, select: { accountId: true } })).map((m) => m.accountId));
      const unknown = named.filter((id) => !known.has(id));
      if (unknown.length) throw new ScimError(400, `Not users of this organization: ${unknown.slice(0, 10).join(', ')}.`, 'invalidValue');
    }
    const current = new Set((await manager.find(UnitMembership, { where: { unitId }, select: { accountId: true } })).map((m) => m.accountId));
    const toAdd = change.replace ? change.replace.filter((id) => !current.has(id)) : (change.add ?? []).filter((id) => !current.has(id));
    const toRemove = change.replace ? [...current].filter((id) => !change.replace!.includes(id)) : (change.remove ?? []).filter((id) => current.has(id));
    const now = new Date();
    for (const accountId of new Set(toAdd)) await manager.insert(UnitMembership, { id: randomUUID(), organizationId, unitId, accountId, managedBy: 'DIRECTORY', createdAt: now });
    if (toRemove.length) await manager.delete(UnitMembership, { unitId, accountId: In(toRemove) });
    await recordUnitChanges(manager, organizationId, { membershipsAdded: [...new Set(toAdd)].map((accountId) => ({ unitId, accountId })), membershipsRemoved: toRemove.map((accountId) => ({ unitId, accountId })) });
    return { membershipsAdded: new Set(toAdd).size, membershipsRemoved: toRemove.length };
  }

  /** One transaction per request, recorded as a directory change made by the SCIM token. */
  private async write(actor: Actor, apply: (manager: EntityManager) => Promise<Record<string, number>>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const summary = await apply(manager);
      await recordIdentityEvent(manager, 'directory.synced', { organizationId: actor.organizationId, actorType: 'DIRECTORY', actorId: actor.accountId, source: 'SCIM', summary });
    });
    await this.afterCommit();
  }
}
