import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { MemberViewer, Page, RuleViolation, containsPattern, decodeCursor, encodeCursor, isUniqueViolation, ok, pageOf, refused } from '@gatehouse/shared';
import { IdentityResult, IdentityViolation } from '../../errors/identity-error-code';
import { Space } from './space.entity';
import { recordIdentityEvent } from '../../events';

export interface SpacePage extends Page<Space> {
  countAll: () => Promise<number>;
}

const nameTaken = () => new RuleViolation('SPACE_NAME_TAKEN', 'Another space of this organization already has this name.', ['input', 'name']);
const notFound = () => new RuleViolation('SPACE_NOT_FOUND', 'No such space in this organization.', ['input', 'spaceId']);

/** Spaces of an organization: created, renamed, archived and restored by space administrators. */
export class SpacesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  private checkedName(name: string): string | IdentityViolation {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) return new RuleViolation('INVALID_NAME', 'Give a space name of 1 to 100 characters.', ['input', 'name']);
    return trimmed;
  }

  async create(actor: MemberViewer, input: { name: string; description?: string | null }): Promise<IdentityResult<Space>> {
    const name = this.checkedName(input.name);
    if (name instanceof RuleViolation) return refused(name);
    if ((input.description ?? '').length > 500) return refused(new RuleViolation('INVALID_DESCRIPTION', 'Use at most 500 characters.', ['input', 'description']));
    const space = Object.assign(new Space(), {
      id: randomUUID(),
      organizationId: actor.organizationId,
      name,
      nameNormalized: name.toLowerCase(),
      description: (input.description ?? '').trim(),
      createdBy: actor.accountId,
      createdAt: new Date(),
      archivedAt: null,
    });
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(Space, { ...space });
        await recordIdentityEvent(manager, 'space.created', { organizationId: space.organizationId, spaceId: space.id, name, actorId: actor.accountId });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return refused(nameTaken());
      throw error;
    }
    await this.afterCommit();
    return ok(space);
  }

  async update(actor: MemberViewer, spaceId: string, changes: { name?: string | null; description?: string | null }): Promise<IdentityResult<Space>> {
    const space = await this.dataSource.getRepository(Space).findOneBy({ id: spaceId, organizationId: actor.organizationId });
    if (!space) return refused(notFound());
    const name = changes.name == null ? space.name : this.checkedName(changes.name);
    if (name instanceof RuleViolation) return refused(name);
    if ((changes.description ?? '').length > 500) return refused(new RuleViolation('INVALID_DESCRIPTION', 'Use at most 500 characters.', ['input', 'description']));
    const description = changes.description == null ? space.description : changes.description.trim();
    if (name === space.name && description === space.description) return ok(space);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.update(Space, { id: space.id }, { name, nameNormalized: name.toLowerCase(), description });
        if (name !== space.name) await recordIdentityEvent(manager, 'space.renamed', { organizationId: space.organizationId, spaceId: space.id, name, previousName: space.name, actorId: actor.accountId });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return refused(nameTaken());
      throw error;
    }
    await this.afterCommit();
    return ok({ ...space, name, nameNormalized: name.toLowerCase(), description });
  }

  /** Archives or restores; a no-op when the space is already in that state. */
  async setArchived(actor: MemberViewer, spaceId: string, archived: boolean): Promise<IdentityResult<Space>> {
    const space = await this.dataSource.getRepository(Space).findOneBy({ id: spaceId, organizationId: actor.organizationId });
    if (!space) return refused(notFound());
    if ((space.archivedAt !== null) === archived) return ok(space);
    const archivedAt = archived ? new Date() : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Space, { id: space.id }, { archivedAt });
      await recordIdentityEvent(manager, archived ? 'space.archived' : 'space.restored', { organizationId: space.organizationId, spaceId: space.id, name: space.name, actorId: actor.accountId });
    });
    await this.afterCommit();
    return ok({ ...space, archivedAt });
  }

  async byIds(organizationId: string, ids: readonly string[]): Promise<Space[]> {
    return this.dataSource.getRepository(Space).findBy({ organizationId, id: In([...ids]) });
  }

  /** By name, a page at a time; archived spaces only when asked for. */
  async list(organizationId: string, options: { first: number; after?: string | null; search?: string | null; includeArchived?: boolean | null }): Promise<SpacePage> {
    const base = () => {
      const query = this.dataSource.getRepository(Space).createQueryBuilder('s').where('s.organizationId = :organizationId', { organizationId });
      if (!options.includeArchived) query.andWhere('s.archivedAt IS NULL');
      if (options.search?.trim()) query.andWhere("s.nameNormalized LIKE :search ESCAPE '!'", { search: containsPattern(options.search) });
      return query;
    };
    const query = base();
    if (options.after) {
      const { value, id } = decodeCursor(options.after);
      query.andWhere('(s.nameNormalized > :name OR (s.nameNormalized = :name AND s.id > :id))', { name: String(value), id });
    }
    const rows = await query.orderBy('s.nameNormalized', 'ASC').addOrderBy('s.id', 'ASC').take(options.first + 1).getMany();
    return { ...pageOf(rows, options.first, Boolean(options.after), (s) => encodeCursor({ value: s.nameNormalized, id: s.id })), countAll: () => base().getCount() };
  }
}
