import type { NormalizedEvent } from './event-checks';

/** One usage event as a platform service reports it (the GraphQL input, after coercion). */
export interface ReportedUsageEvent {
  id: string;
  occurredAt: Date;
  computeType: string;
  userId?: string | null;
  spaceId?: string | null;
  agent?: { id: string; name: string } | null;
  provider?: string | null;
  model?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  cachedTokens?: number | null;
  /** Its cost when the service knows it; else Gatehouse prices the tokens from the price book. */
  costMicroUsd?: number | null;
}

/** An event that passed every check, its cost known, ready to be stored. */
export type AcceptedUsageEvent = Omit<NormalizedEvent, 'costMicroUsd'> & {
  costMicroUsd: number;
  /** The price-book version that priced it; null when the service sent its cost. */
  priceId: string | null;
};
