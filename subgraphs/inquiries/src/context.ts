import { SubscriptionPubSub, Viewer } from '@gatehouse/shared';
import { BoardMovesService } from './modules/board/board-moves.service';
import { InquiryAssignmentService } from './modules/inquiries/inquiry-assignment.service';
import { InquiriesService } from './modules/inquiries/inquiries.service';
import { MailPreferencesService } from './modules/mail/mail-preferences.service';
import { RepliesService } from './modules/replies/replies.service';
import { InquiryRequestsService } from './modules/requests/inquiry-requests.service';

export interface InquiriesServices {
  inquiries: InquiriesService;
  moves: BoardMovesService;
  replies: RepliesService;
  assignment: InquiryAssignmentService;
  mailPreferences: MailPreferencesService;
  requests: InquiryRequestsService;
  maxPageSize: number;
  /** Live notices for the board's and the author's subscriptions. */
  pubsub: SubscriptionPubSub;
}

export interface InquiriesContext {
  viewer: Viewer;
  requestId: string;
  clientAddress: string;
  services: InquiriesServices;
}

export function createInquiriesContext(viewer: Viewer, requestId: string, clientAddress: string, services: InquiriesServices): InquiriesContext {
  return { viewer, requestId, clientAddress, services };
}
