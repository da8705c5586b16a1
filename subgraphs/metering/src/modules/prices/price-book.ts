import { DataSource } from 'typeorm';
import { ModelPrice } from './model-price.entity';

export interface PricedTokens {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** Cost in micro-USD of tokens at a price per million tokens, rounded half up (exact: BigInt). */
export function costOf(tokens: PricedTokens, price: Pick<ModelPrice, 'inputMicroUsdPerMillion' | 'outputMicroUsdPerMillion' | 'cachedMicroUsdPerMillion'>): number {
  const product =
    BigInt(tokens.inputTokens) * BigInt(price.inputMicroUsdPerMillion) +
    BigInt(tokens.outputTokens) * BigInt(price.outputMicroUsdPerMillion) +
    BigInt(tokens.cachedTokens) * BigInt(price.cachedMicroUsdPerMillion);
  return Number((product + 500_000n) / 1_000_000n);
}

const keyOf = (provider: string, model: string) => `${provider}\u0000${model}`;

/** An organization's price versions for some models, answering "what did this cost when it happened". */
export class PriceVersions {
  private constructor(private readonly byModel: Map<string, ModelPrice[]>) {}

  /** Every version of the named models' prices (one statement), oldest first per model. */
  static async load(dataSource: DataSource, organizationId: string, models: readonly { provider: string; model: string }[]): Promise<PriceVersions> {
    const byModel = new Map<string, ModelPrice[]>();
    const distinct = [...new Map(models.map((m) => [keyOf(m.provider, m.model), m])).values()];
    if (distinct.length > 0) {
      const query = dataSource.getRepository(ModelPrice).createQueryBuilder('p').where('p.organizationId = :organizationId', { organizationId });
      const names = [...new Set(distinct.map((m) => m.model))];
      query.andWhere('p.model IN (:...names)', { names }).orderBy('p.effectiveFrom', 'ASC');
      for (const price of await query.getMany()) {
        const key = keyOf(price.provider, price.model);
        byModel.set(key, [...(byModel.get(key) ?? []), price]);
      }
    }
    return new PriceVersions(byModel);
  }

  /** The version in effect at `at` (the latest one that started at or before it), if any. */
  at(provider: string, model: string, at: Date): ModelPrice | null {
    const versions = this.byModel.get(keyOf(provider, model)) ?? [];
    let found: ModelPrice | null = null;
    for (const version of versions) {
      if (version.effectiveFrom.getTime() <= at.getTime()) found = version;
      else break;
    }
    return found;
  }
}
