import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../big-integers';

/**
 * What the dashboard reads instead of raw events: sums per time bucket and per everything a
 * filter or a breakdown names. Dimensions absent from an event are stored as '' (a key column
 * cannot be null). Updated in the transaction that stores the events, so a total never misses
 * an accepted event.
 */
abstract class UsageRollup {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The bucket's number: milliseconds since the epoch divided by the bucket's length. */
  @PrimaryColumn({ type: 'int' })
  bucket: number;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  computeType: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  spaceId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  agentId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  provider: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  model: string;

  @Column(bigintColumn())
  costMicroUsd: number;

  @Column(bigintColumn())
  inputTokens: number;

  @Column(bigintColumn())
  outputTokens: number;

  @Column(bigintColumn())
  cachedTokens: number;

  @Column(bigintColumn())
  events: number;
}

/** Sums per UTC hour: every whole hour of a dashboard's range is read from here. */
@Entity('usage_hourly')
@Index('idx_usage_hourly_range', ['organizationId', 'bucket'])
export class UsageHourly extends UsageRollup {}

/**
 * Sums per quarter of an hour: read only for the hours a local midnight splits (time zones at
 * +05:30, +05:45, …) and for a range's edges, so days are exact in every time zone, and for a
 * member's day against their daily token limit.
 */
@Entity('usage_quarter_hourly')
@Index('idx_usage_quarter_range', ['organizationId', 'bucket'])
// A member's tokens today (daily token limits) read their rows of the day only.
@Index('idx_usage_quarter_user', ['organizationId', 'userId', 'bucket'])
export class UsageQuarterHourly extends UsageRollup {}

export const hourMs = 3_600_000;
export const quarterMs = 900_000;
