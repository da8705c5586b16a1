import { Viewer } from '@gatehouse/shared';
import { BulkInvitationsService } from './modules/invitations/bulk-invitations.service';
import { InvitationSettingsService } from './modules/invitations/invitation-settings.service';
import { InvitationsService } from './modules/invitations/invitations.service';

export interface InvitationsServices {
  invitations: InvitationsService;
  bulk: BulkInvitationsService;
  settings: InvitationSettingsService;
  /** The clock statuses are computed with (EXPIRED is a PENDING invitation past its expiry). */
  now: () => number;
  maxPageSize: number;
}

export interface InvitationsContext {
  viewer: Viewer;
  requestId: string;
  services: InvitationsServices;
}

export function createInvitationsContext(viewer: Viewer, requestId: string, services: InvitationsServices): InvitationsContext {
  return { viewer, requestId, services };
}
