import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MemberViewer, RuleViolation, ok, refused } from '@gatehouse/shared';
import { MeteringResult } from '../../errors/metering-error-code';
import { eventTextLimits } from '../recording/event-checks';
import { ModelPrice } from './model-price.entity';

export interface NewModelPrice {
  provider: string;
  model: string;
  inputMicroUsdPerMillion: number;
  outputMicroUsdPerMillion: number;
  cachedMicroUsdPerMillion?: number | null;
  effectiveFrom?: Date | null;
}

/** The organization's price book: versions are added, never changed, and never start in the past. */
export class ModelPricesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number,
  ) {}

  list(organizationId: string): Promise<ModelPrice[]> {
    return this.dataSource.getRepository(ModelPrice).find({ where: { organizationId }, order: { provider: 'ASC', model: 'ASC', effectiveFrom: 'ASC' } });
  }

  async add(actor: MemberViewer, input: NewModelPrice): Promise<MeteringResult<ModelPrice>> {
    const provider = input.provider.trim();
    const model = input.model.trim();
    if (!provider || provider.length > eventTextLimits.provider) return refused(new RuleViolation('INVALID_EVENT', `A provider is 1 to ${eventTextLimits.provider} characters.`, ['input', 'provider']));
    if (!model || model.length > eventTextLimits.model) return refused(new RuleViolation('INVALID_EVENT', `A model is 1 to ${eventTextLimits.model} characters.`, ['input', 'model']));
    const cached = input.cachedMicroUsdPerMillion ?? input.inputMicroUsdPerMillion;
    for (const [field, value] of [['inputMicroUsdPerMillion', input.inputMicroUsdPerMillion], ['outputMicroUsdPerMillion', input.outputMicroUsdPerMillion], ['cachedMicroUsdPerMillion', cached]] as const) {
      if (!(Number.isSafeInteger(value) && value >= 0)) return refused(new RuleViolation('INVALID_PRICE', 'A price per million tokens is a whole number of micro-USD from 0 up.', ['input', field]));
    }
    const nowMs = this.now();
    const effectiveFrom = input.effectiveFrom ?? new Date(nowMs);
    // A second of slack for the caller's clock; earlier would re-price events already totalled.
    if (effectiveFrom.getTime() < nowMs - 1000) return refused(new RuleViolation('PRICE_IN_PAST', 'A price takes effect now or later.', ['input', 'effectiveFrom']));
    const price: ModelPrice = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      provider,
      model,
      inputMicroUsdPerMillion: input.inputMicroUsdPerMillion,
      outputMicroUsdPerMillion: input.outputMicroUsdPerMillion,
      cachedMicroUsdPerMillion: cached,
      effectiveFrom,
      setBy: actor.accountId,
      createdAt: new Date(nowMs),
    };
    await this.dataSource.getRepository(ModelPrice).insert(price);
    return ok(price);
  }
}
