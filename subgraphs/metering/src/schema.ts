import { FederatedSchema, buildFederatedSchema } from '@gatehouse/shared';
import { ComputeTypesResolver } from './modules/catalogue/compute-types.resolver';
import { SpaceStub, UserStub } from './modules/dashboard/usage.types';
import { UsageResolver } from './modules/dashboard/usage.resolver';
import { ModelPricesResolver } from './modules/prices/model-prices.resolver';
import { RecordingResolver } from './modules/recording/recording.resolver';

let built: Promise<FederatedSchema> | null = null;

/** The metering subgraph schema, built once per process. */
export function meteringSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [RecordingResolver, UsageResolver, ComputeTypesResolver, ModelPricesResolver],
    orphanedTypes: [SpaceStub, UserStub],
  });
  return built;
}
