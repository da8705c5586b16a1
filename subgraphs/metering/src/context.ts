import DataLoader from 'dataloader';
import { SubscriptionPubSub, Viewer, organizationIdOf } from '@gatehouse/shared';
import { ComputeTypeCatalogue } from './modules/catalogue/compute-types';
import { UsageScope } from './modules/dashboard/usage-scope';
import type { Usage } from './modules/dashboard/usage.types';
import { SharedAnswers } from './modules/live/shared-answers';
import { UsageSettingsService } from './modules/dashboard/usage-settings.service';
import { UsageService } from './modules/dashboard/usage.service';
import { CrossOrganizationUsageService } from './modules/across-organizations/cross-organization-usage.service';
import { ExportLinks } from './modules/export/export-links';
import { ModelPricesService } from './modules/prices/model-prices.service';
import { UsageRecordingService } from './modules/recording/usage-recording.service';
import { LimitExplanation, TokenLimitsService } from './modules/limits/token-limits.service';
import { TokenReservationsService } from './modules/limits/token-reservations.service';

export interface MeteringServices {
  catalogue: ComputeTypeCatalogue;
  recording: UsageRecordingService;
  usage: UsageService;
  /** The usage view across the organizations an account belongs to. */
  acrossOrganizations: CrossOrganizationUsageService;
  /** The organization's time zone (its day). */
  settings: UsageSettingsService;
  prices: ModelPricesService;
  /** Signed download links for CSV exports. */
  exports: ExportLinks;
  /** Live notices for `usageUpdated`. */
  pubsub: SubscriptionPubSub;
  /** `usageUpdated` answers shared per notice among this instance's subscribers asking the same question. */
  liveAnswers: SharedAnswers<Usage>;
  /** Daily token limits: settings, what they come to, previews. */
  limits: TokenLimitsService;
  /** reserveTokens and settleUsage. */
  reservations: TokenReservationsService;
}

export interface MeteringContext {
  viewer: Viewer;
  requestId: string;
  clientAddress: string;
  services: MeteringServices;
  /** What this request's viewer may see of the organization's usage, worked out once per request (never across requests). */
  usageScope(): Promise<UsageScope>;
  /** A member's limit today (all models), batched per request: a page of users asks access control once. Null: no member. */
  limitOf(userId: string): Promise<LimitExplanation | null>;
}

export function createMeteringContext(viewer: Viewer, requestId: string, clientAddress: string, services: MeteringServices): MeteringContext {
  let scope: Promise<UsageScope> | null = null;
  const organizationId = organizationIdOf(viewer);
  const limits = new DataLoader<string, LimitExplanation | null>(async (ids) => {
    if (!organizationId) return ids.map(() => null);
    const explained = await services.limits.explain(organizationId, ids, null);
    return ids.map((id) => explained.get(id) ?? null);
  });
  return { viewer, requestId, clientAddress, services, usageScope: () => (scope ??= services.usage.scopeOf(viewer)), limitOf: (userId) => limits.load(userId) };
}
