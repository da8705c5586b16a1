import { RouteInput, RouteOutput } from '@gatehouse/shared';
import { acceptInvitationRoute, invitationContextRoute } from '@gatehouse/identity-contracts';

export type AcceptanceRequest = RouteInput<typeof acceptInvitationRoute>;
export type AcceptanceCredentials = AcceptanceRequest['credentials'];
export type AcceptanceAnswer = RouteOutput<typeof acceptInvitationRoute>;
/** A session identity started, as its route carries it (dates as ISO strings). */
export type IssuedSessionOnWire = Extract<AcceptanceAnswer, { accepted: true }>['session'];

/** What accepting an invitation asks of identity (and access control, for the role's name), through internal routes. */
export interface InvitationIdentity {
  /** Identity's half of an acceptance (idempotent by invitation id). */
  accept(request: AcceptanceRequest): Promise<AcceptanceAnswer>;
  /** The organization's, inviter's and space's names for the accept page. */
  context(organizationId: string, inviterId: string | null, spaceId: string | null): Promise<RouteOutput<typeof invitationContextRoute>>;
  /** The role's display name; null when the organization no longer has it. */
  roleName(organizationId: string, roleId: string): Promise<string | null>;
}
