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
export interface AcceptedUsageEvent {
  eventId: string;
  occurredAt: Date;
  computeType: string;
  userId: string | null;
  spaceId: string | null;
  agentId: string | null;
  agentName: string | null;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costMicroUsd: number;
  priceId: string | null;
  /** SHA-256 of the event as reported: tells a resend from a different event under the same id. */
  contentHash: string;
}
