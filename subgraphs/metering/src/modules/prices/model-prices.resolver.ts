import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { MeteringUserError } from '../../errors/metering-user-error';

@ObjectType('ModelPrice', { description: 'One version of a model\'s price, per million tokens, in micro-USD: it prices events from effectiveFrom until the next version of the same model.' })
export class ModelPriceType {
  @Field(() => ID, { description: 'Version id.' })
  id: string;

  @Field(() => String, { description: 'The provider, e.g. openai.' })
  provider: string;

  @Field(() => String, { description: 'The model, e.g. gpt-4o.' })
  model: string;

  @Field(() => SafeIntResolver, { description: 'Micro-USD per million input tokens.' })
  inputMicroUsdPerMillion: number;

  @Field(() => SafeIntResolver, { description: 'Micro-USD per million output tokens.' })
  outputMicroUsdPerMillion: number;

  @Field(() => SafeIntResolver, { description: 'Micro-USD per million cached input tokens.' })
  cachedMicroUsdPerMillion: number;

  @Field(() => DateTimeResolver, { description: 'When this version starts to apply (by the time an event happened).' })
  effectiveFrom: Date;
}

@InputType({ description: 'A new version of a model\'s price.' })
export class SetModelPriceInput {
  @Field(() => String, { description: 'The provider, as events name it. Up to 64 characters (longer is a userError).' })
  provider: string;

  @Field(() => String, { description: 'The model, as events name it. Up to 128 characters (longer is a userError).' })
  model: string;

  @Field(() => SafeIntResolver, { description: 'Micro-USD per million input tokens (e.g. 2500000 for $2.50).' })
  inputMicroUsdPerMillion: number;

  @Field(() => SafeIntResolver, { description: 'Micro-USD per million output tokens.' })
  outputMicroUsdPerMillion: number;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Micro-USD per million cached input tokens (the input price when absent).' })
  cachedMicroUsdPerMillion?: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it starts to apply: now when absent; never in the past (PRICE_IN_PAST), so recorded totals never move.' })
  effectiveFrom?: Date | null;
}

@ObjectType({ description: 'Result of setModelPrice.' })
export class SetModelPricePayload {
  @Field(() => ModelPriceType, { nullable: true, description: 'The new version; null when userErrors is not empty.' })
  price: ModelPriceType | null;

  @Field(() => [MeteringUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: MeteringUserError[];
}

@Resolver()
export class ModelPricesResolver {
  @Query(() => [ModelPriceType], { description: 'The organization\'s price book, every version, by provider, model and start (Billing READ).' })
  async modelPrices(@Ctx() ctx: MeteringContext): Promise<ModelPriceType[]> {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? ctx.services.prices.list(organizationId) : [];
  }

  @Mutation(() => SetModelPricePayload, { description: 'Adds a version of a model\'s price (Billing WRITE): events without a cost are priced by the version in effect when they happened.' })
  async setModelPrice(@Arg('input', () => SetModelPriceInput, { description: 'The price.' }) input: SetModelPriceInput, @Ctx() ctx: MeteringContext): Promise<SetModelPricePayload> {
    return toPayload(await ctx.services.prices.add(requireMember(ctx.viewer), input), (price) => ({ price }), { price: null });
  }
}
