import { Repeater } from '@graphql-yoga/subscription';
import { Resolver, Root, Subscription } from 'type-graphql';
import { Capability, Level, LiveContext, adoptViewer, PermissionChange, PermissionSet, allAreas, forbidden, grantsOf, unauthenticated } from '@gatehouse/shared';
import { AccessControlContext, createAccessControlContext } from '../../context';
import { effectiveOf } from '../permissions/contributions';
import { permissionsTopic } from './permission-notices';
import { ViewerPermissionsChange } from './viewer-permissions.types';

/** One change as the subscription found it, before its fields are resolved. */
interface FoundChange {
  accountId: string;
  spaceId: string | null;
  previous: PermissionSet | null;
  permissions: PermissionSet;
  changedAt: Date;
}

function samePermissions(a: PermissionSet, b: PermissionSet): boolean {
  return allAreas.every((area) => (a.levels[area] ?? Level.NONE) === (b.levels[area] ?? Level.NONE)) && a.capabilities.length === b.capabilities.length && a.capabilities.every((c) => b.capabilities.includes(c));
}

const shown = (permissions: PermissionSet) => ({ grants: grantsOf(permissions.levels), capabilities: permissions.capabilities });

/**
 * The viewer's permission changes as they happen. Each announced change of the organization that
 * may concern them is re-computed from the database and compared with what this subscription last
 * saw, so the client hears of real changes only, each once. Listening starts before the first
 * reading, so a change between the two is not missed.
 */
function permissionChanges(ctx: AccessControlContext & LiveContext): AsyncIterableIterator<FoundChange> {
  return new Repeater<FoundChange>(async (push, stop) => {
    const viewer = ctx.viewer;
    if (viewer.kind === 'anonymous') return stop(unauthenticated());
    if (viewer.kind !== 'member') return stop(forbidden('Only people\'s permissions change while they watch: an API key\'s grants are fixed when it is made.'));
    const { organizationId, accountId } = viewer;
    const notices = ctx.services.pubsub.subscribe(permissionsTopic(organizationId))[Symbol.asyncIterator]();
    void stop.then(() => notices.return?.());
    const firstNotice = notices.next();
    const sourcesOf = async (spaceId: string | null) => (await ctx.services.permissionSources.sourcesOf(organizationId, [accountId], spaceId)).get(accountId)!;
    // '' = across the organization; a space once a change there has been seen.
    const seen = new Map<string, PermissionSet>([['', effectiveOf(await sourcesOf(null))]]);
    for (let step = await firstNotice; !step.done; step = await notices.next()) {
      const notice = step.value as PermissionChange;
      if (notice.accountId && notice.accountId !== accountId) continue;
      const scope = notice.spaceId ?? '';
      const sources = await sourcesOf(notice.spaceId);
      const permissions = effectiveOf(sources);
      const previous = seen.get(scope) ?? null;
      if (previous && samePermissions(previous, permissions)) continue;
      // A change across the organization changes every space's view too: those are re-learned.
      if (!notice.spaceId) seen.clear();
      seen.set(scope, permissions);
      // This event's fields are read as the viewer it announces (access control is the authority on
      // both; the gateway re-sends the signed viewer soon after), and, like every event, afresh.
      if (!notice.spaceId) adoptViewer(ctx, { ...viewer, permissions, membershipStatus: sources.active ? 'ACTIVE' : 'PENDING' });
      ctx.loaders = createAccessControlContext(ctx.viewer, ctx.requestId, ctx.services).loaders;
      await push({ accountId, spaceId: notice.spaceId, previous, permissions, changedAt: new Date() });
    }
    stop();
  });
}

@Resolver()
export class ViewerPermissionsResolver {
  @Subscription(() => ViewerPermissionsChange, {
    description: 'The viewer\'s permissions whenever they change (roles, profiles, groups, units, defaults, membership status), across the organization or in a space. People only.',
    subscribe: ({ context }) => permissionChanges(context as AccessControlContext & LiveContext),
  })
  viewerPermissionsChanged(@Root() found: FoundChange): ViewerPermissionsChange {
    const { previous, permissions } = found;
    return {
      user: { id: found.accountId },
      space: found.spaceId ? { id: found.spaceId } : null,
      permissions: shown(permissions),
      previous: previous ? shown(previous) : null,
      changes: previous
        ? allAreas.flatMap((area) => {
            const from = previous.levels[area] ?? Level.NONE;
            const to = permissions.levels[area] ?? Level.NONE;
            return from === to ? [] : [{ area, from, to }];
          })
        : null,
      capabilitiesGained: previous ? permissions.capabilities.filter((c: Capability) => !previous.capabilities.includes(c)) : null,
      capabilitiesLost: previous ? previous.capabilities.filter((c: Capability) => !permissions.capabilities.includes(c)) : null,
      changedAt: found.changedAt,
    };
  }
}
