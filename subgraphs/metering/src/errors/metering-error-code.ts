import { Result, RuleViolation } from '@gatehouse/shared';

/**
 * Every code the metering subgraph's mutations answer in `userErrors`, with the line the
 * playground shows for it. A closed set: a service naming a code not listed here does not compile.
 * The string values are what clients match on; never rename one.
 */
export const meteringErrorCodes = {
  EVENT_ID_REUSED: 'An event with this id was recorded before with different content (an id is an idempotency key: resend the same event, or use a new id).',
  FUTURE_EVENT: 'The event happened more than 5 minutes from now.',
  HOLD_NOT_FOUND: 'No such hold in this organization.',
  HOLD_SETTLED: 'The hold was settled before with another event.',
  INVALID_AMOUNT: 'Tokens and cost are whole numbers from 0 up to 2^53 - 1.',
  INVALID_EVENT: 'A text of the event is empty or too long, or the event is older than the year 2000.',
  INVALID_LIMIT: 'A daily token limit is a whole number from 0 (unlimited) up, set on a model name of at most 128 characters; the organization-wide one names no target.',
  INVALID_PRICE: 'Prices per million tokens are whole micro-USD from 0 up to 2^53 - 1.',
  INVALID_RANGE: 'The range ends before it starts or spans more than the dashboard allows.',
  INVALID_RESERVATION: 'A reservation names a request id of 1 to 128 characters, an estimate from 1 token up and a model of at most 128 characters.',
  INVALID_TIME_ZONE: 'Not an IANA time zone name (e.g. Europe/Berlin, Asia/Kolkata, UTC).',
  LIMIT_EXCEEDED: 'The reservation would take the member past their daily token limit (the message gives the limit, used, held and remaining tokens).',
  LIMIT_TARGET_NOT_FOUND: 'No such member, group or unit in this organization.',
  NO_EVENTS: 'A batch holds at least one event.',
  NO_PRICE: 'The event carries tokens but no cost, and the price book has no price for its provider and model at the time it happened.',
  OWN_LIMIT: 'Nobody sets their own daily token limit, nor raises it through a group or unit they are in.',
  PRICE_IN_PAST: 'A price takes effect now or later: a past price would change totals already reported.',
  REQUEST_ID_REUSED: 'The request id was used before for another reservation (it is an idempotency key).',
  SPACE_NOT_FOUND: 'No such space in this organization.',
  TARGET_MORE_PRIVILEGED: 'The member holds permissions the actor does not: nobody sets the limit of a member stronger than themselves.',
  TOO_MANY_COMPUTE_TYPES: 'A usage filter names at most 20 compute types (the catalogue is small).',
  TOO_MANY_EVENTS: 'A batch holds at most 1,000 events.',
  UNKNOWN_COMPUTE_TYPE: 'Not a compute type of the catalogue (see computeTypes).',
  USER_NOT_FOUND: 'No such member of this organization.',
} as const satisfies Record<string, string>;

export type MeteringErrorCode = keyof typeof meteringErrorCodes;

/** A rule the metering subgraph refused an event or a change by. */
export type MeteringViolation = RuleViolation<MeteringErrorCode>;

/** What the metering services answer a mutation with. */
export type MeteringResult<T = void> = Result<T, MeteringErrorCode>;
