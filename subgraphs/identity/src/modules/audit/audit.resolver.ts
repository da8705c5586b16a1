import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkedPageSize, decodeCursor, encodeCursor, organizationIdOf, pageOf } from '@gatehouse/shared';
import { IdentityContext } from '../../context';
import { RevealedEntry } from './audit.service';
import { AuditChainVerification, AuditEntryConnection, AuditEntryType, AuditLogFilter } from './audit.types';

function toType(entry: RevealedEntry): AuditEntryType {
  return { ...entry, action: entry.action as AuditEntryType['action'] };
}

function checkedRange(filter: AuditLogFilter | null | undefined): AuditLogFilter {
  if (filter?.occurredFrom && filter.occurredTo && filter.occurredFrom >= filter.occurredTo) {
    throw new GraphQLError('`occurredFrom` must be before `occurredTo`.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter' } });
  }
  return filter ?? {};
}

/** A page as the resolver returns it: the count runs only when the client asks for totalCount. */
type AuditPageResult = Omit<AuditEntryConnection, 'totalCount'> & { countAll: () => Promise<number> };

@Resolver(() => AuditEntryConnection)
export class AuditEntryConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many entries match the filter, across all pages.' })
  totalCount(@Root() page: AuditPageResult): Promise<number> {
    return page.countAll();
  }
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, { nullable: true, description: 'The organization\'s audit log, newest first, filtered by actor, target, action and time.' })
  async auditLog(
    @Ctx() ctx: IdentityContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the entry to continue after.' }) after?: string | null,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Narrows the log.' }) filter?: AuditLogFilter | null,
  ): Promise<AuditPageResult | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const checked = checkedRange(filter);
    const size = checkedPageSize(first, ctx.services.maxPageSize);
    const before = after ? Number(decodeCursor(after).value) : null;
    if (before !== null && !Number.isInteger(before)) throw new GraphQLError('The cursor is not valid.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
    const { entries } = await ctx.services.audit.list(organizationId, checked, size, before);
    const page = pageOf(entries.map(toType), size, before !== null, (entry) => encodeCursor({ value: entry.position, id: entry.id }));
    return { ...page, countAll: () => ctx.services.audit.count(organizationId, checked) };
  }

  @Query(() => String, { nullable: true, description: 'The filtered audit log as CSV (oldest first, at most 100,000 entries), for download.' })
  async auditLogCsv(
    @Ctx() ctx: IdentityContext,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Narrows the export.' }) filter?: AuditLogFilter | null,
  ): Promise<string | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? ctx.services.audit.exportCsv(organizationId, checkedRange(filter)) : null;
  }

  @Query(() => AuditChainVerification, { nullable: true, description: 'Re-computes every link of the organization\'s audit chain and reports the first broken one.' })
  async verifyAuditChain(@Ctx() ctx: IdentityContext): Promise<AuditChainVerification | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const result = await ctx.services.audit.verify(organizationId);
    return {
      valid: result.valid,
      entriesChecked: result.entriesChecked,
      firstBrokenPosition: result.firstBroken?.position ?? null,
      firstBrokenEntryId: result.firstBroken?.entryId ?? null,
      reason: result.firstBroken?.reason ?? null,
    };
  }
}
