import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import { LiveContext, Viewer, forbidden, organizationIdOf, unauthenticated, whileAllowed } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { Usage, UsageFilter } from '../dashboard/usage.types';
import { UsageScope } from '../dashboard/usage-scope';
import { badUserInput, toUsage } from '../dashboard/usage.resolver';
import { latestOnly } from './latest-only';
import { noticeIdOf, usageTopic } from './usage-notices';
import { usageQuestion } from './shared-answers';

/**
 * The subscriber's dashboard, first as it stands and again moments after new usage commits:
 * notices are coalesced (one per organization per interval, and a subscriber busy answering skips
 * those that arrived meanwhile), and each answer is computed within the subscriber's permissions
 * as they are now, so an analytics consumer sees exactly what `usage` would show it.
 */
async function usageUpdates(ctx: MeteringContext & LiveContext, filter: UsageFilter): Promise<AsyncIterableIterator<Usage>> {
  const organizationId = organizationIdOf(ctx.viewer);
  if (!organizationId) throw unauthenticated();
  const allowed = (viewer: Viewer) => (viewer.kind === 'member' && viewer.membershipStatus === 'ACTIVE') || viewer.kind === 'apiKey';
  if (!allowed(ctx.viewer)) throw forbidden('Watching usage takes an active membership or an API key.');
  const reportFor = async (scope: UsageScope): Promise<Usage> => {
    const result = await ctx.services.usage.report(scope, filter);
    if (!result.ok) throw badUserInput(result.errors[0]);
    return toUsage(result.value);
  };
  // The scope is worked out afresh for each answer and for each subscriber: a space grant given or taken away shows in
  // the next message, and after a notice a subscriber only joins an answer computed for exactly the scope it has now
  // (one answer per notice among this instance's subscribers asking the same question).
  const answer = async (notice: string | null): Promise<Usage> => {
    const scope = await ctx.services.usage.scopeOf(ctx.viewer);
    return notice ? ctx.services.liveAnswers.answer(usageQuestion(scope, filter), notice, () => reportFor(scope)) : reportFor(scope);
  };
  const first = await answer(null); // a bad filter fails the subscription at once
  let sentFirst = false;
  return whileAllowed(ctx, allowed, () => forbidden('Watching usage takes an active membership or an API key.'), latestOnly(ctx.services.pubsub.subscribe(usageTopic(organizationId))), async (payload) => {
    if (!sentFirst) {
      sentFirst = true;
      return first;
    }
    return answer(noticeIdOf(payload));
  });
}

@Resolver()
export class UsageUpdatedResolver {
  @Subscription(() => Usage, {
    description: 'The dashboard for a filter, now and again moments after new usage is recorded (near real-time; bursts are coalesced into a few messages). The same scope as `usage`: the organization\'s with Analytics READ, else the spaces where the subscriber holds Analytics READ and their own.',
    subscribe: ({ context, args }) => usageUpdates(context as MeteringContext & LiveContext, args.filter as UsageFilter),
  })
  usageUpdated(@Root() usage: Usage, @Arg('filter', () => UsageFilter, { description: 'Range and narrowing, as for usage.' }) _filter: UsageFilter): Usage {
    return usage;
  }
}
