import { ImplementedRoute, implementRoute, verifyAccessToken } from '@gatehouse/shared';
import { DataSource } from 'typeorm';
import { acceptInvitationRoute, apiKeyStatusRoute, invitationContextRoute, sessionStatusRoute } from '@gatehouse/identity-contracts';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { InvitationAcceptanceService } from './modules/invitations/invitation-acceptance.service';
import { invitationContext } from './modules/invitations/invitation-context.service';
import { SessionsService } from './modules/sessions/sessions.service';

export interface IdentityRouteDeps {
  sessions: SessionsService;
  apiKeys: ApiKeysService;
  invitationAcceptance: InvitationAcceptanceService;
  dataSource: DataSource;
  /** Verifies access tokens (identity signs them). */
  jwtSecret: string;
}

/** Identity's internal routes (contracts in @gatehouse/identity-contracts), for the gateway and the invitations subgraph. */
export function identityInternalRoutes({ sessions, apiKeys, invitationAcceptance, dataSource, jwtSecret }: IdentityRouteDeps): ImplementedRoute[] {
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
    implementRoute(acceptInvitationRoute, (request) => invitationAcceptance.accept(request)),
    implementRoute(invitationContextRoute, (request) => invitationContext(dataSource, request)),
  ];
}
