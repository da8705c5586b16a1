import { SubgraphDefinition, SubgraphKit, SubgraphParts, implementRoute } from '@gatehouse/shared';
import { accountPermissionsRoute } from '@gatehouse/access-control-contracts';
import { organizationNamesRoute } from '@gatehouse/identity-contracts';
import { applyLimitRequestRoute, meteringEvents } from '@gatehouse/metering-contracts';
import { createMeteringContext, MeteringServices } from './context';
import { meteringMigrations } from './migrations';
import { keepMeteringConsistent, meteringConsistencyEvents } from './modules/consistency/metering-consistency.handlers';
import { ComputeType } from './modules/catalogue/compute-type.entity';
import { ComputeTypeCatalogue } from './modules/catalogue/compute-types';
import { UsageSettings } from './modules/dashboard/usage-settings.entity';
import { UsageSettingsService } from './modules/dashboard/usage-settings.service';
import { UsageService } from './modules/dashboard/usage.service';
import { analyticsGrantsOverRoutes } from './modules/dashboard/analytics-grants';
import { CrossOrganizationUsageService } from './modules/across-organizations/cross-organization-usage.service';
import { ModelPrice } from './modules/prices/model-price.entity';
import { ModelPricesService } from './modules/prices/model-prices.service';
import { UsageAgent } from './modules/recording/usage-agent.entity';
import { UsageEventKey } from './modules/recording/usage-event-key.entity';
import { UsageEvent } from './modules/recording/usage-event.entity';
import { OrganizationDirectory, UsageRecordingService } from './modules/recording/usage-recording.service';
import { UsageHourly, UsageQuarterHourly } from './modules/recording/usage-rollup.entity';
import { UsageWriter } from './modules/recording/usage-writer';
import { UsageNotices } from './modules/live/usage-notices';
import { SharedAnswers } from './modules/live/shared-answers';
import { ExportLinks } from './modules/export/export-links';
import { exportRouter } from './modules/export/export.router';
import { PartitionMaintenance } from './modules/retention/partition-maintenance';
import { TokenLimit } from './modules/limits/token-limit.entity';
import { TokenBudgetLock, TokenHold } from './modules/limits/token-hold.entity';
import { limitDirectoryOverRoutes } from './modules/limits/limit-directory';
import { TokenLimitsService } from './modules/limits/token-limits.service';
import { LimitAlerts } from './modules/limits/limit-alerts';
import { TokenLimitAlert } from './modules/limits/token-limit-alert.entity';
import { TokenReservationsService } from './modules/limits/token-reservations.service';
import { applyLimitRequest } from './modules/limits/apply-limit-request';
import { meteringPolicy } from './policy';
import { meteringSchema } from './schema';

export { meteringPolicy } from './policy';
export { meteringSchema } from './schema';
// For operators (npm run usage:drop-months) and tests: dropping raw months, keeping months ahead.
export { dropRawMonthsBefore, ensureMonthsAhead } from './modules/retention/raw-event-months';
export const meteringEntities = [ComputeType, ModelPrice, UsageEvent, UsageEventKey, UsageHourly, UsageQuarterHourly, UsageAgent, UsageSettings, TokenLimit, TokenHold, TokenBudgetLock, TokenLimitAlert];

/** The metering subgraph: what it is made of (its descriptor is ./subgraph.ts). */
export const meteringDefinition: SubgraphDefinition = {
  entities: meteringEntities,
  mysqlMigrations: meteringMigrations,
  schema: meteringSchema,
  policy: meteringPolicy,
  // Changes to its settings: identity records them in its audit log.
  produces: meteringEvents,
  // A deleted member's usage stays in the totals but no longer names them.
  consumes: [...meteringConsistencyEvents],
  build: buildMetering,
};

/** The metering services on the kit's database, asking identity which users and spaces are the organization's. */
async function buildMetering(kit: SubgraphKit): Promise<SubgraphParts> {
  const { dataSource } = kit;
  const now = () => kit.clock.now();
  const catalogue = new ComputeTypeCatalogue(dataSource, now);
  await catalogue.seed();
  keepMeteringConsistent({ bus: kit.bus, dataSource, consumer: kit.consumer });
  const directory: OrganizationDirectory = {
    known: async (organizationId, userIds, spaceIds) => {
      if (userIds.length === 0 && spaceIds.length === 0) return { users: new Set(), spaces: new Set() };
      const names = await kit.call(organizationNamesRoute, { organizationId, accountIds: [...userIds], spaceIds: [...spaceIds] });
      return { users: new Set(names.accounts.map((a) => a.id)), spaces: new Set(names.spaces.map((s) => s.id)) };
    },
  };
  // Subscribers hear of new usage at most once a second per organization and instance (the seed's "moments after").
  const notices = new UsageNotices(kit.pubsub, 1000);
  kit.onStop(() => notices.flush());
  const signingKey = kit.config.requestSigning.signingKeys.metering;
  if (!signingKey) throw new Error('metering signs its export links with METERING_SIGNING_KEY');
  const exports = new ExportLinks(signingKey, now);
  // Space-scoped Analytics grants and the account's organizations, asked of access control and identity per request.
  const grants = analyticsGrantsOverRoutes((route, input) => kit.call(route, input));
  const usage = new UsageService(dataSource, grants);
  // Units and groups of members, asked of access control per request (a member moved to another group has its limit at once).
  const alerts = new LimitAlerts(dataSource, kit.pubsub, kit.config.metering.limitAlertPercents, now);
  const limits = new TokenLimitsService(dataSource, limitDirectoryOverRoutes((route, input) => kit.call(route, input)), now, kit.afterCommit, alerts);
  const recording = new UsageRecordingService(dataSource, catalogue, directory, new UsageWriter(dataSource, now), now, (organizationId) => notices.changed(organizationId), limits);
  const services: MeteringServices = {
    catalogue,
    recording,
    usage,
    acrossOrganizations: new CrossOrganizationUsageService(usage, grants),
    settings: new UsageSettingsService(dataSource, kit.afterCommit),
    prices: new ModelPricesService(dataSource, now),
    pubsub: kit.pubsub,
    liveAnswers: new SharedAnswers(),
    exports,
    limits,
    reservations: new TokenReservationsService(dataSource, limits, recording, now, kit.config.metering.tokenHoldSeconds * 1000),
  };
  // MySQL: raw events' monthly partitions three months ahead, now (before serving) and daily; a failure only leaves new events in the catch-all.
  const partitions = new PartitionMaintenance({ dataSource, now, onError: (error) => kit.log('usage partition maintenance failed; will retry', error) });
  await partitions.run().catch(() => undefined);
  kit.onStop(() => partitions.stop());
  return {
    start: () => partitions.start(),
    createContext: (viewer, requestId, clientAddress) => createMeteringContext(viewer, requestId, clientAddress, services),
    // An admin applying an inquiry's requested limit (the inquiries subgraph calls it, as that admin).
    internalRoutes: [
      implementRoute(applyLimitRequestRoute, (input) =>
        applyLimitRequest(limits, async (organizationId, accountId) => (await kit.call(accountPermissionsRoute, { accountId, organizationIds: [organizationId] })).organizations[0]?.permissions ?? null, input),
      ),
    ],
    // The CSV downloads `usageExport` links to (the gateway passes /exports/* here).
    routers: { '/exports': exportRouter(dataSource, exports, kit.log) },
  };
}
