import { FederatedSchema, buildFederatedSchema } from '@gatehouse/shared';
import { ComputeTypesResolver } from './modules/catalogue/compute-types.resolver';
import { SpaceStub, UserStub } from './modules/dashboard/usage.types';
import { UsageResolver } from './modules/dashboard/usage.resolver';
import { UsageSettingsResolver } from './modules/dashboard/usage-settings.resolver';
import { SpaceUsageResolver, UserUsageResolver } from './modules/dashboard/entity-usage.resolver';
import { ModelPricesResolver } from './modules/prices/model-prices.resolver';
import { RecordingResolver } from './modules/recording/recording.resolver';
import { UsageUpdatedResolver } from './modules/live/usage-updated.resolver';
import { ExportResolver } from './modules/export/export.resolver';
import { CrossOrganizationUsageResolver } from './modules/across-organizations/cross-organization-usage.resolver';
import { TokenLimitsResolver, UserTokenLimitResolver, UserUsageLimitResolver } from './modules/limits/limits.resolver';
import { GroupStub, UnitStub } from './modules/limits/limits.types';
import { LimitAlertsResolver } from './modules/limits/limit-alerts.resolver';

let built: Promise<FederatedSchema> | null = null;

/** The metering subgraph schema, built once per process. */
export function meteringSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [RecordingResolver, UsageResolver, UsageSettingsResolver, UserUsageResolver, SpaceUsageResolver, ComputeTypesResolver, ModelPricesResolver, UsageUpdatedResolver, ExportResolver, CrossOrganizationUsageResolver, TokenLimitsResolver, UserTokenLimitResolver, UserUsageLimitResolver, LimitAlertsResolver],
    orphanedTypes: [SpaceStub, UserStub, GroupStub, UnitStub],
    // Identity resolved the user or space in the viewer's organization; usage is read in that organization only, so an id is all it takes.
    referenceResolvers: {
      User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
      Space: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  });
  return built;
}
