import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../big-integers';

/**
 * One version of an organization's price for a provider's model, per million tokens, in micro-USD.
 * Versions are never changed: a new price is a new row from its `effectiveFrom`, so an event is
 * priced by the version that held when it happened and recorded totals never move.
 */
@Entity('model_price')
@Index('idx_model_price_lookup', ['organizationId', 'provider', 'model', 'effectiveFrom'])
export class ModelPrice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 64 })
  provider: string;

  @Column({ type: 'varchar', length: 128 })
  model: string;

  @Column(bigintColumn())
  inputMicroUsdPerMillion: number;

  @Column(bigintColumn())
  outputMicroUsdPerMillion: number;

  @Column(bigintColumn())
  cachedMicroUsdPerMillion: number;

  @Column({ type: 'datetime', precision: 3 })
  effectiveFrom: Date;

  /** Account id of who set it (null once that member is deleted). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  setBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
