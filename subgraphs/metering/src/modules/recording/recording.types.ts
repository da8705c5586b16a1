import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MeteringUserError } from '../../errors/metering-user-error';
import { eventTextLimits } from './event-checks';
import { EventStatus } from './usage-recording.service';

@InputType({ description: 'The agent an event ran for.' })
export class UsageAgentInput {
  @Field(() => String, { description: `The agent's id on the platform. Up to ${eventTextLimits.agentId} characters (longer is a userError).` })
  id: string;

  @Field(() => String, { description: `Its display name now (the dashboard shows the latest one). Up to ${eventTextLimits.agentName} characters (longer is a userError).` })
  name: string;
}

@InputType({ description: 'A usage event of a call made under a hold (settleUsage): as UsageEventInput, its member being the hold\'s.' })
export class HeldUsageEventInput {
  @Field(() => String, { description: `The reporting service's own id of the event: its idempotency key (the same id twice is stored once; the same id with other content is a userError). Up to ${eventTextLimits.id} characters (longer is a userError).` })
  id: string;

  @Field(() => DateTimeResolver, { description: 'When it happened (any past instant from the year 2000; at most 5 minutes ahead of now). Late events land in the day they happened.' })
  occurredAt: Date;

  @Field(() => String, { description: 'Its compute type\'s key (see computeTypes: TASKS, WEAVER, LLM, TOOLS, CODE, IMAGE_GENERATION). At most 64 characters.' })
  computeType: string;

  @Field(() => ID, { nullable: true, description: 'The space it ran in (a space of the key\'s organization). At most 64 characters.' })
  spaceId?: string | null;

  @Field(() => UsageAgentInput, { nullable: true, description: 'The agent it ran for.' })
  agent?: UsageAgentInput | null;

  @Field(() => String, { nullable: true, description: `The model's provider, e.g. openai. Up to ${eventTextLimits.provider} characters (longer is a userError).` })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: `The model, e.g. gpt-4o. Up to ${eventTextLimits.model} characters (longer is a userError).` })
  model?: string | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Input tokens not served from a cache (0 when absent).' })
  inputTokens?: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Output tokens (0 when absent).' })
  outputTokens?: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Input tokens served from the provider\'s cache (0 when absent; priced at the cached rate).' })
  cachedTokens?: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'What it cost, in micro-USD (1 USD = 1,000,000). Absent: priced from the organization\'s price book at the time it happened (an event with tokens and no price is refused with NO_PRICE).' })
  costMicroUsd?: number | null;
}

@InputType({ description: 'One usage event: what ran, for whom, when, and what it consumed.' })
export class UsageEventInput extends HeldUsageEventInput {
  @Field(() => ID, { nullable: true, description: 'The member it ran for (a member of the key\'s organization, any status). At most 64 characters.' })
  userId?: string | null;
}

@InputType({ description: 'A batch of usage events.' })
export class RecordUsageInput {
  @Field(() => [UsageEventInput], { description: 'Up to 1,000 events (more is a userError, and nothing is stored).' })
  events: UsageEventInput[];
}

export const UsageEventStatus = { RECORDED: 'RECORDED', DUPLICATE: 'DUPLICATE', REJECTED: 'REJECTED' } as const satisfies Record<EventStatus, EventStatus>;
registerEnumType(UsageEventStatus, {
  name: 'UsageEventStatus',
  description: 'What became of one event of a batch.',
  valuesConfig: {
    RECORDED: { description: 'Stored now; counted in the totals.' },
    DUPLICATE: { description: 'The same event was stored before under this id: counted once, not again.' },
    REJECTED: { description: 'Refused (see error); nothing of it was stored.' },
  },
});

@ObjectType({ description: 'What became of one event of a batch, in the order sent.' })
export class UsageEventResult {
  @Field(() => Int, { description: 'Its position in input.events, from 0.' })
  index: number;

  @Field(() => String, { description: 'Its id as sent.' })
  eventId: string;

  @Field(() => UsageEventStatus, { description: 'Stored, already stored, or refused.' })
  status: EventStatus;

  @Field(() => MeteringUserError, { nullable: true, description: 'Why it was refused; null unless REJECTED.' })
  error: MeteringUserError | null;

  @Field(() => Boolean, { description: 'Recorded now for a member who is at or over their daily token limit (on all models or on its model): the usage is recorded all the same.' })
  overDailyLimit: boolean;
}

@ObjectType({ description: 'Result of recordUsage: the good events of a batch count even when others are refused.' })
export class RecordUsagePayload {
  @Field(() => Int, { description: 'Events stored by this call.' })
  recorded: number;

  @Field(() => Int, { description: 'Events stored before under the same id and content (not counted twice).' })
  duplicates: number;

  @Field(() => Int, { description: 'Events refused.' })
  rejected: number;

  @Field(() => [UsageEventResult], { description: 'One entry per event sent, in order.' })
  results: UsageEventResult[];

  @Field(() => [MeteringUserError], { description: 'Why events were refused (field starts with input.events.<index>), or why the whole batch was (nothing stored then); empty when every event counted.' })
  userErrors: MeteringUserError[];
}
