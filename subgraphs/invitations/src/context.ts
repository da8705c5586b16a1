import { SubscriptionPubSub, Viewer } from '@gatehouse/shared';
import { BulkInvitationsService } from './modules/invitations/bulk-invitations.service';
import { InvitationSettingsService } from './modules/invitations/invitation-settings.service';
import { InvitationAcceptanceService } from './modules/invitations/invitation-acceptance.service';
import { InvitationsService } from './modules/invitations/invitations.service';

export interface InvitationsServices {
  invitations: InvitationsService;
  bulk: BulkInvitationsService;
  settings: InvitationSettingsService;
  acceptance: InvitationAcceptanceService;
  /** The clock statuses are computed with (EXPIRED is a PENDING invitation past its expiry). */
  now: () => number;
  maxPageSize: number;
  /** Live notices for `invitationChanged`. */
  pubsub: SubscriptionPubSub;
}

export interface InvitationsContext {
  viewer: Viewer;
  requestId: string;
  /** The client's address as the gateway saw it (identity's sign-in throttle and audit log use it). */
  clientAddress: string;
  services: InvitationsServices;
}

export function createInvitationsContext(viewer: Viewer, requestId: string, clientAddress: string, services: InvitationsServices): InvitationsContext {
  return { viewer, requestId, clientAddress, services };
}
