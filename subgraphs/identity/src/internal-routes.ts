import { ImplementedRoute, implementRoute, verifyAccessToken } from '@gatehouse/shared';
import { apiKeyStatusRoute, membersByEmailRoute, sessionStatusRoute, spacesByNameRoute } from '@gatehouse/identity-contracts';
import { InviteeLookups } from './modules/accounts/invitee-lookups';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { SessionsService } from './modules/sessions/sessions.service';

export interface IdentityRouteDeps {
  sessions: SessionsService;
  apiKeys: ApiKeysService;
  /** Verifies access tokens (identity signs them). */
  jwtSecret: string;
  invitees: InviteeLookups;
}

/** Identity's internal routes (contracts in @gatehouse/identity-contracts), for the gateway and the invitations subgraph. */
export function identityInternalRoutes({ sessions, apiKeys, jwtSecret, invitees }: IdentityRouteDeps): ImplementedRoute[] {
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
  ];
}
