import { SubgraphDefinition, SubgraphKit, SubgraphParts } from '@gatehouse/shared';
import { invitationsEvents } from '@gatehouse/invitations-contracts';
import { inviterScopeRoute, organizationRolesRoute, rolePermissionsRoute } from '@gatehouse/access-control-contracts';
import { acceptInvitationRoute, invitationContextRoute } from '@gatehouse/identity-contracts';
import { createInvitationsContext, InvitationsServices } from './context';
import { invitationsMigrations } from './migrations';
import { InvitationAccess } from './modules/invitations/invitation-access';
import { InvitationAcceptanceService } from './modules/invitations/invitation-acceptance.service';
import { InvitationIdentity } from './modules/invitations/invitation-identity';
import { Invitation } from './modules/invitations/invitation.entity';
import { InvitationsService } from './modules/invitations/invitations.service';
import { invitationsPolicy } from './policy';
import { invitationsSchema } from './schema';

export { invitationsPolicy } from './policy';
export { invitationsSchema } from './schema';
export const invitationsEntities = [Invitation];

/** The invitations subgraph: what it is made of (its descriptor is ./subgraph.ts). */
export const invitationsDefinition: SubgraphDefinition = {
  entities: invitationsEntities,
  mysqlMigrations: invitationsMigrations,
  schema: invitationsSchema,
  policy: invitationsPolicy,
  produces: invitationsEvents,
  consumes: [],
  build: buildInvitations,
};

/** The invitations services on the kit's database, asking access control about roles and the inviter, and identity to accept. */
async function buildInvitations(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource } = kit;
  // Its own key: access control accepts its calls to the routes that list invitations as a caller.
  const access: InvitationAccess = {
    inviterScope: (organizationId, accountId, spaceId) => kit.call(inviterScopeRoute, { organizationId, accountId, spaceId }),
    rolePermissions: async (organizationId, roleId) => (await kit.call(rolePermissionsRoute, { organizationId, roleId })).permissions,
  };
  // Accepting asks identity to create or join the account (and access control for the role's name on the accept page).
  const identity: InvitationIdentity = {
    accept: (request) => kit.call(acceptInvitationRoute, request),
    context: (organizationId, inviterId, spaceId) => kit.call(invitationContextRoute, { organizationId, inviterId, spaceId }),
    roleName: async (organizationId, roleId) => (await kit.call(organizationRolesRoute, { organizationId })).roles.find((r) => r.id === roleId)?.name ?? null,
  };
  const now = () => kit.clock.now();
  // A claim outlives any attempt: its call to identity gives up after the subgraph timeout.
  const claimTtlMs = 2 * config.subgraphTimeoutMs;
  const services: InvitationsServices = {
    invitations: new InvitationsService(dataSource, access, kit.afterCommit, now),
    acceptance: new InvitationAcceptanceService(dataSource, identity, kit.afterCommit, now, claimTtlMs),
    now,
    maxPageSize: config.maxPageSize,
  };
  return { createContext: (viewer, requestId, clientAddress) => createInvitationsContext(viewer, requestId, clientAddress, services) };
}
