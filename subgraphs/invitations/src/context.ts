import { Viewer } from '@gatehouse/shared';
import { InvitationAcceptanceService } from './modules/invitations/invitation-acceptance.service';
import { InvitationsService } from './modules/invitations/invitations.service';

export interface InvitationsServices {
  invitations: InvitationsService;
  acceptance: InvitationAcceptanceService;
  /** The clock statuses are computed with (EXPIRED is a PENDING invitation past its expiry). */
  now: () => number;
  maxPageSize: number;
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
