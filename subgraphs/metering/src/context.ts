import { SubscriptionPubSub, Viewer } from '@gatehouse/shared';
import { ComputeTypeCatalogue } from './modules/catalogue/compute-types';
import { UsageSettingsService } from './modules/dashboard/usage-settings.service';
import { UsageService } from './modules/dashboard/usage.service';
import { ExportLinks } from './modules/export/export-links';
import { ModelPricesService } from './modules/prices/model-prices.service';
import { UsageRecordingService } from './modules/recording/usage-recording.service';

export interface MeteringServices {
  catalogue: ComputeTypeCatalogue;
  recording: UsageRecordingService;
  usage: UsageService;
  /** The organization's time zone (its day). */
  settings: UsageSettingsService;
  prices: ModelPricesService;
  /** Signed download links for CSV exports. */
  exports: ExportLinks;
  /** Live notices for `usageUpdated`. */
  pubsub: SubscriptionPubSub;
}

export interface MeteringContext {
  viewer: Viewer;
  requestId: string;
  clientAddress: string;
  services: MeteringServices;
}

export function createMeteringContext(viewer: Viewer, requestId: string, clientAddress: string, services: MeteringServices): MeteringContext {
  return { viewer, requestId, clientAddress, services };
}
