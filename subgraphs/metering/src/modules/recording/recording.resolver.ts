import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { toUserError } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { RecordUsageInput, RecordUsagePayload } from './recording.types';

@Resolver()
export class RecordingResolver {
  @Mutation(() => RecordUsagePayload, { description: 'Records usage events reported by a platform service with an API key holding Analytics WRITE (people cannot). Each event is checked on its own: refused ones are listed, the rest are stored with the dashboard\'s totals in one transaction.' })
  async recordUsage(@Arg('input', () => RecordUsageInput, { description: 'The events.' }) input: RecordUsageInput, @Ctx() ctx: MeteringContext): Promise<RecordUsagePayload> {
    const result = await ctx.services.recording.record(ctx.viewer, input.events);
    if (!result.ok) return { recorded: 0, duplicates: 0, rejected: input.events.length, results: [], userErrors: result.errors.map(toUserError) };
    const { events, recorded, duplicates, rejected } = result.value;
    return {
      recorded,
      duplicates,
      rejected,
      results: events.map((e) => ({ index: e.index, eventId: e.eventId, status: e.status, error: e.violation ? toUserError(e.violation) : null, overDailyLimit: e.overDailyLimit })),
      userErrors: events.filter((e) => e.violation).map((e) => toUserError(e.violation!)),
    };
  }
}
