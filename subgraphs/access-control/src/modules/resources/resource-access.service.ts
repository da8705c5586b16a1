import { DataSource, In } from 'typeorm';
import { Level, MemberViewer, RuleViolation, isDeadlock, isUniqueViolation, levelSatisfies, ok, refused } from '@gatehouse/shared';
import { AccessControlResult, AccessControlViolation } from '../../errors/access-control-error-code';
import { MemberGroup } from '../groups/group.entity';
import { Member } from '../members/member.entity';
import { UnitProjection } from '../units/unit-projection.entity';
import { ResourceAccess, ResourceAccessEntry } from './resource-access.entity';
import { ResourceType, resourceArea, shareCapability } from './resource-types';
import { recordAccessControlEvent } from '../../events';

export interface ResourceRef {
  type: ResourceType;
  id: string;
}

export interface AccessEntryDraft {
  principalType: 'USER' | 'GROUP' | 'UNIT';
  principalId: string;
  level: Level;
}

export interface ResourceAccessRecord {
  resource: ResourceRef;
  visibility: 'PUBLIC' | 'PRIVATE';
  entries: { principalType: 'USER' | 'GROUP' | 'UNIT'; principalId: string; level: 'READ' | 'WRITE' }[];
}

const key = (r: ResourceRef) => `${r.type}:${r.id}`;

/** Access lists of platform resources (Cloosphere: an agent's visibility, "Private" with allowed groups). */
export class ResourceAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  /**
   * The lists of the given resources; a resource without one is PUBLIC. Raw statements: a batch
   * of checks names hundreds of resources, most without a list, and entries exist only for
   * PRIVATE ones, so they are read only for those found.
   */
  async lists(organizationId: string, resources: ResourceRef[]): Promise<Map<string, ResourceAccessRecord>> {
    const result = new Map<string, ResourceAccessRecord>(resources.map((r) => [key(r), { resource: r, visibility: 'PUBLIC', entries: [] }]));
    const ids = [...new Set(resources.map((r) => r.id))];
    if (ids.length === 0) return result;
    const types = [...new Set(resources.map((r) => r.type))];
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    // Type and id both in the condition: the primary key (organization, type, id) serves it.
    const heads: { resourceType: string; resourceId: string; visibility: 'PUBLIC' | 'PRIVATE' }[] = await this.dataSource.query(
      `SELECT resourceType, resourceId, visibility FROM resource_access WHERE organizationId = ? AND resourceType IN (${marks(types.length)}) AND resourceId IN (${marks(ids.length)})`,
      [organizationId, ...types, ...ids],
    );
    const privateIds = new Set<string>();
    for (const head of heads) {
      const record = result.get(`${head.resourceType}:${head.resourceId}`);
      if (!record) continue;
      record.visibility = head.visibility;
      if (head.visibility === 'PRIVATE') privateIds.add(head.resourceId);
    }
    if (privateIds.size === 0) return result;
    const entries: { resourceType: string; resourceId: string; principalType: 'USER' | 'GROUP' | 'UNIT'; principalId: string; level: 'READ' | 'WRITE' }[] = await this.dataSource.query(
      `SELECT resourceType, resourceId, principalType, principalId, level FROM resource_access_entry WHERE organizationId = ? AND resourceType IN (${marks(types.length)}) AND resourceId IN (${marks(privateIds.size)})`,
      [organizationId, ...types, ...privateIds],
    );
    for (const entry of entries) result.get(`${entry.resourceType}:${entry.resourceId}`)?.entries.push({ principalType: entry.principalType, principalId: entry.principalId, level: entry.level });
    return result;
  }

  /**
   * Replaces a resource's list. Opening a resource to others takes WRITE in its area and the
   * matching sharing switch (Cloosphere's "Share agents, KBs, …"); every principal must belong to
   * this organization.
   */
  async set(actor: MemberViewer, resource: ResourceRef, visibility: 'PUBLIC' | 'PRIVATE', entries: AccessEntryDraft[]): Promise<AccessControlResult<ResourceAccessRecord>> {
    const area = resourceArea[resource.type];
    if (!levelSatisfies(actor.permissions.levels[area], Level.WRITE)) return refused(new RuleViolation('AREA_WRITE_REQUIRED', `Changing who may use this resource takes WRITE in ${area}.`, ['input', 'resource']));
    const opening = visibility === 'PUBLIC' || entries.some((e) => !(e.principalType === 'USER' && e.principalId === actor.accountId));
    if (opening && !actor.permissions.capabilities.includes(shareCapability[resource.type])) {
      return refused(new RuleViolation('SHARING_NOT_ALLOWED', `Sharing this kind of resource takes the ${shareCapability[resource.type]} capability.`, ['input', 'visibility']));
    }
    const problems: AccessControlViolation[] = [];
    if (!resource.id.trim() || resource.id.length > 100) problems.push(new RuleViolation('INVALID_RESOURCE', 'Give a resource id of 1 to 100 characters.', ['input', 'resource', 'id']));
    if (visibility === 'PUBLIC' && entries.length) problems.push(new RuleViolation('ENTRIES_ON_PUBLIC', 'A PUBLIC resource takes no entries: every member may use it.', ['input', 'entries']));
    if (entries.length > 500) problems.push(new RuleViolation('TOO_MANY_ENTRIES', 'At most 500 entries.', ['input', 'entries']));
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      const id = `${e.principalType}:${e.principalId}`;
      if (seen.has(id)) problems.push(new RuleViolation('DUPLICATE_PRINCIPAL', `${id} appears more than once.`, ['input', 'entries', String(i)]));
      seen.add(id);
      if (e.level !== Level.READ && e.level !== Level.WRITE) problems.push(new RuleViolation('INVALID_LEVEL', 'An entry grants READ or WRITE.', ['input', 'entries', String(i), 'level']));
    });
    if (problems.length) return refused(problems);
    const missing = await this.unknownPrincipals(actor.organizationId, entries);
    if (missing.length) return refused(missing.map((i) => new RuleViolation('PRINCIPAL_NOT_FOUND', `No such ${entries[i].principalType.toLowerCase()} in this organization: ${entries[i].principalId}.`, ['input', 'entries', String(i), 'principalId'])));
    const replace = () => this.dataSource.transaction(async (manager) => {
      const where = { organizationId: actor.organizationId, resourceType: resource.type, resourceId: resource.id };
      // The head row first, written in place: concurrent changes of one resource queue on its lock.
      await manager.upsert(ResourceAccess, { ...where, visibility, updatedBy: actor.accountId, updatedAt: new Date() }, ['organizationId', 'resourceType', 'resourceId']);
      await manager.delete(ResourceAccessEntry, where);
      if (entries.length) await manager.insert(ResourceAccessEntry, entries.map((e) => ({ ...where, principalType: e.principalType, principalId: e.principalId, level: e.level as 'READ' | 'WRITE' })));
      await recordAccessControlEvent(manager, 'resource.access_changed', { organizationId: actor.organizationId, actorId: actor.accountId, resourceType: resource.type, resourceId: resource.id, visibility, entries: entries.length });
    });
    // Two lists set at once for a new resource may collide on its key or deadlock: the loser runs again.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await replace();
        break;
      } catch (error) {
        if (attempt >= 3 || !(isUniqueViolation(error) || isDeadlock(error))) throw error;
      }
    }
    await this.afterCommit();
    return ok({ resource, visibility, entries: entries.map((e) => ({ principalType: e.principalType, principalId: e.principalId, level: e.level as 'READ' | 'WRITE' })) });
  }

  /** Positions of entries naming a user, group or unit that is not this organization's. */
  private async unknownPrincipals(organizationId: string, entries: AccessEntryDraft[]): Promise<number[]> {
    const ids = (type: string) => entries.filter((e) => e.principalType === type).map((e) => e.principalId);
    const [users, groups, units] = await Promise.all([
      ids('USER').length ? this.dataSource.getRepository(Member).findBy({ organizationId, accountId: In(ids('USER')) }) : [],
      ids('GROUP').length ? this.dataSource.getRepository(MemberGroup).findBy({ organizationId, id: In(ids('GROUP')) }) : [],
      ids('UNIT').length ? this.dataSource.getRepository(UnitProjection).findBy({ organizationId, id: In(ids('UNIT')) }) : [],
    ]);
    const known = new Set([...users.map((u) => `USER:${u.accountId}`), ...groups.map((g) => `GROUP:${g.id}`), ...units.map((u) => `UNIT:${u.id}`)]);
    return entries.flatMap((e, i) => (known.has(`${e.principalType}:${e.principalId}`) ? [] : [i]));
  }
}
