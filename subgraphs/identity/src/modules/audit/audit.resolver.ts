import { Repeater } from '@graphql-yoga/subscription';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Area, LiveContext, Level, Viewer, whileAllowed, checkedPageSize, decodeCursor, encodeCursor, forbidden, organizationIdOf, pageOf, unauthenticated, viewerCan } from '@gatehouse/shared';
import { auditTopic } from './audit.handlers';
import { IdentityContext, createIdentityContext } from '../../context';
import { UserType } from '../users/user.types';
import { RevealedEntry, matchesFilter } from './audit.service';
import { AuditChainAnchorInput, AuditChainVerification, AuditEntryConnection, AuditEntryType, AuditLogFilter } from './audit.types';

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

@Resolver(() => AuditEntryType)
export class AuditEntryUsersResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'The acting user (null for API keys, the directory, the system, and deleted users).' })
  actor(@Root() entry: AuditEntryType, @Ctx() ctx: IdentityContext) {
    return entry.actorType === 'USER' && entry.actorId ? ctx.loaders.userById.load(entry.actorId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The user the change was made to (null when the target is not a user, or was deleted).' })
  target(@Root() entry: AuditEntryType, @Ctx() ctx: IdentityContext) {
    return entry.targetType === 'USER' && entry.targetId ? ctx.loaders.userById.load(entry.targetId) : null;
  }
}

@Resolver(() => AuditEntryConnection)
export class AuditEntryConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many entries match the filter, across all pages.' })
  totalCount(@Root() page: AuditPageResult): Promise<number> {
    return page.countAll();
  }
}

/** An entry as the pub/sub carries it: through Redis its dates arrive as text. */
type PublishedEntry = Omit<RevealedEntry, 'occurredAt' | 'recordedAt'> & { occurredAt: Date | string; recordedAt: Date | string };

function revived(entry: PublishedEntry): RevealedEntry {
  return { ...entry, occurredAt: new Date(entry.occurredAt), recordedAt: new Date(entry.recordedAt) };
}

/** How many entries a resuming subscriber is sent per read while it catches up. */
const replayBatch = 500;

/**
 * The organization's entries as they are recorded; with `afterPosition`, first every entry after
 * it (a subscriber resuming after a dropped connection misses nothing), then the live ones, each
 * once. Listening starts before the first read, and positions only grow, so nothing falls between.
 */
function entriesFrom(ctx: IdentityContext, organizationId: string, filter: AuditLogFilter, afterPosition: number | null): AsyncIterable<unknown> {
  const live = () => ctx.services.pubsub.subscribe(auditTopic(organizationId));
  if (afterPosition === null) return live();
  return new Repeater<unknown>(async (push, stop) => {
    const recorded = live()[Symbol.asyncIterator]();
    void stop.then(() => recorded.return?.());
    const firstRecorded = recorded.next();
    let last = afterPosition;
    for (let batch = await ctx.services.audit.after(organizationId, filter, last, replayBatch); batch.length; batch = batch.length < replayBatch ? [] : await ctx.services.audit.after(organizationId, filter, last, replayBatch)) {
      for (const entry of batch) {
        await push(entry);
        last = entry.position;
      }
    }
    for (let step = await firstRecorded; !step.done; step = await recorded.next()) {
      const position = (step.value as PublishedEntry).position;
      if (position <= last) continue;
      last = position;
      await push(step.value);
    }
    stop();
  });
}

/**
 * New entries of the viewer's organization, filtered like the log. Authorized here (shield guards
 * only each event's resolution): when the subscription starts, and again whenever the gateway
 * sends a changed viewer, ending it with FORBIDDEN once Audit Log READ is gone.
 */
function recordedEntries(ctx: IdentityContext & LiveContext, filter: AuditLogFilter | null | undefined, afterPosition: number | null): AsyncIterableIterator<RevealedEntry> {
  const organizationId = organizationIdOf(ctx.viewer);
  if (!organizationId) throw unauthenticated();
  const checked = checkedRange(filter);
  if (afterPosition !== null && (!Number.isInteger(afterPosition) || afterPosition < 0)) {
    throw new GraphQLError('`afterPosition` is a position of the log (0 for its beginning).', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'afterPosition' } });
  }
  const allowed = (viewer: Viewer) => viewerCan(viewer, Area.AUDIT_LOG, Level.READ);
  // Entries are read only once the viewer is known to be allowed (whileAllowed checks before starting the source).
  return whileAllowed(ctx, allowed, () => forbidden('Watching the audit log takes Audit Log READ.'), entriesFrom(ctx, organizationId, checked, afterPosition), (published) => {
    const entry = revived(published as PublishedEntry);
    if (!matchesFilter(entry, checked)) return null;
    // A subscription's context lives as long as it does: each event reads users afresh.
    ctx.loaders = createIdentityContext(ctx.viewer, ctx.requestId, ctx.clientAddress, ctx.services).loaders;
    return entry;
  });
}

@Resolver()
export class AuditSubscriptionResolver {
  @Subscription(() => AuditEntryType, {
    description: 'New entries of the organization\'s audit log as they are recorded, filtered like auditLog (Audit Log READ).',
    subscribe: ({ args, context }) => {
      const { filter, afterPosition } = args as { filter?: AuditLogFilter | null; afterPosition?: number | null };
      return recordedEntries(context as IdentityContext & LiveContext, filter, afterPosition ?? null);
    },
  })
  auditEventRecorded(
    @Root() entry: RevealedEntry,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Only entries matching it.' }) _filter?: AuditLogFilter | null,
    @Arg('afterPosition', () => Int, { nullable: true, description: 'Resume: first every entry after this position (the last one received), then the new ones. Without it, only new ones.' }) _afterPosition?: number | null,
  ): AuditEntryType {
    return toType(entry);
  }
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, { nullable: true, description: 'The organization\'s audit log, newest first, filtered by actor, target, action and time.' })
  async auditLog(
    @Ctx() ctx: IdentityContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the entry to continue after. At most 200 characters.' }) after?: string | null,
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
  async verifyAuditChain(
    @Ctx() ctx: IdentityContext,
    @Arg('anchor', () => AuditChainAnchorInput, { nullable: true, description: 'An entry kept outside Gatehouse (an earlier head): also checks the chain still holds it.' }) anchor?: AuditChainAnchorInput | null,
  ): Promise<AuditChainVerification | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    if (anchor && (!Number.isInteger(anchor.position) || anchor.position < 1 || !/^[0-9a-f]{64}$/.test(anchor.hash))) {
      throw new GraphQLError('An anchor is a position from 1 and a hash of 64 lowercase hexadecimal characters.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'anchor' } });
    }
    const result = await ctx.services.audit.verify(organizationId, anchor ?? null);
    return {
      valid: result.valid,
      entriesChecked: result.entriesChecked,
      firstBrokenPosition: result.firstBroken?.position ?? null,
      firstBrokenEntryId: result.firstBroken?.entryId ?? null,
      reason: result.firstBroken?.reason ?? null,
      head: result.valid ? result.head : null,
    };
  }
}
