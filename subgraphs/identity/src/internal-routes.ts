import { ImplementedRoute, implementRoute, verifyAccessToken } from '@gatehouse/shared';
import { DataSource } from 'typeorm';
import { acceptInvitationRoute, accountMembershipsRoute, apiKeyStatusRoute, invitationContextRoute, memberContactsRoute, membersByEmailRoute, organizationNamesRoute, sessionStatusRoute, spacesByNameRoute } from '@gatehouse/identity-contracts';
import { accountMemberships } from './modules/accounts/account-memberships';
import { InviteeLookups } from './modules/accounts/invitee-lookups';
import { memberContacts } from './modules/accounts/member-contacts';
import { organizationNames } from './modules/accounts/organization-names';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { InvitationAcceptanceService } from './modules/invitations/invitation-acceptance.service';
import { invitationContext } from './modules/invitations/invitation-context.service';
import { SessionsService } from './modules/sessions/sessions.service';

export interface IdentityRouteDeps {
  sessions: SessionsService;
  apiKeys: ApiKeysService;
  invitationAcceptance: InvitationAcceptanceService;
  /** Verifies access tokens (identity signs them). */
  jwtSecret: string;
  invitees: InviteeLookups;
  dataSource: DataSource;
}

/** Identity's internal routes (contracts in @gatehouse/identity-contracts), for the gateway, the invitations and metering subgraphs. */
export function identityInternalRoutes({ sessions, apiKeys, jwtSecret, invitees, invitationAcceptance, dataSource }: IdentityRouteDeps): ImplementedRoute[] {
  return [
    implementRoute(sessionStatusRoute, async ({ accessToken }) => {
      const claims = verifyAccessToken(accessToken, jwtSecret);
      if (!claims) return { valid: false };
      const status = await sessions.status(claims.accountId, claims.organizationId, claims.sessionFamilyId);
      return { ...status, ...claims };
    }),
    implementRoute(apiKeyStatusRoute, async ({ key }) => {
      const verified = await apiKeys.verify(key, 'PLATFORM');
      return verified ? { valid: true as const, ...verified } : { valid: false as const };
    }),
    implementRoute(membersByEmailRoute, async ({ organizationId, emails }) => ({ members: await invitees.membersByEmail(organizationId, emails) })),
    implementRoute(spacesByNameRoute, async ({ organizationId, names }) => ({ spaces: await invitees.spacesByName(organizationId, names) })),
    implementRoute(organizationNamesRoute, ({ organizationId, accountIds, spaceIds }) => organizationNames(dataSource, organizationId, accountIds, spaceIds)),
    implementRoute(acceptInvitationRoute, (request) => invitationAcceptance.accept(request)),
    implementRoute(invitationContextRoute, (request) => invitationContext(dataSource, request)),
    implementRoute(memberContactsRoute, ({ organizationId, accountIds }) => memberContacts(dataSource, organizationId, accountIds)),
    implementRoute(accountMembershipsRoute, async ({ accountId }) => ({ memberships: await accountMemberships(dataSource, accountId) })),
  ];
}
