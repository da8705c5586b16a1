import { SubgraphDefinition, SubgraphKit, SubgraphParts } from '@gatehouse/shared';
import { inviterScopeRoute, rolePermissionsRoute } from '@gatehouse/access-control-contracts';
import { createInvitationsContext, InvitationsServices } from './context';
import { invitationConsistencyEvents, keepInvitationsConsistent } from './modules/consistency/invitation-consistency.handlers';
import { invitationsMigrations } from './migrations';
import { InvitationAccess } from './modules/invitations/invitation-access';
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
  consumes: [
    // what identity and access control delete or add, so that invitations never name it (./modules/consistency)
    ...invitationConsistencyEvents,
  ],
  build: buildInvitations,
};

/** The invitations service on the kit's database, asking access control about roles and the inviter. */
async function buildInvitations(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource } = kit;
  // Its own key: access control accepts its calls to the routes that list invitations as a caller.
  const access: InvitationAccess = {
    inviterScope: (organizationId, accountId, spaceId) => kit.call(inviterScopeRoute, { organizationId, accountId, spaceId }),
    rolePermissions: async (organizationId, roleId) => (await kit.call(rolePermissionsRoute, { organizationId, roleId })).permissions,
  };
  keepInvitationsConsistent(kit.bus, dataSource, kit.consumer);
  const now = () => kit.clock.now();
  const services: InvitationsServices = { invitations: new InvitationsService(dataSource, access, kit.afterCommit, now), now, maxPageSize: config.maxPageSize };
  return { createContext: (viewer, requestId) => createInvitationsContext(viewer, requestId, services) };
}
