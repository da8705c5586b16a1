/** Events identity writes to its outbox; other subgraphs keep their projections from them. */
export const IdentityEvents = {
  organizationCreated: 'organization.created',
  membershipCreated: 'membership.created',
  membershipStatusChanged: 'membership.status_changed',
  sessionStarted: 'session.started',
  sessionEnded: 'session.ended',
  loginFailed: 'login.failed',
  accountUpdated: 'account.updated',
} as const;

export interface OrganizationCreatedPayload extends Record<string, unknown> {
  organizationId: string;
  name: string;
  firstAccountId: string;
}

export interface MembershipCreatedPayload extends Record<string, unknown> {
  organizationId: string;
  accountId: string;
  status: 'ACTIVE' | 'PENDING';
  isFirstUser: boolean;
  /** The role an admin chose when creating the user (access control falls back to the default role). */
  roleId?: string | null;
  actorId?: string | null;
  actorType?: 'DIRECTORY';
  /** How the member was added when not by sign-up or an admin by hand (e.g. SCIM). */
  via?: string | null;
}

export interface MembershipStatusChangedPayload extends Record<string, unknown> {
  organizationId: string;
  accountId: string;
  actorId: string;
  from: 'ACTIVE' | 'PENDING';
  to: 'ACTIVE' | 'PENDING';
}
