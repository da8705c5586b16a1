import { SubgraphDefinition, SubgraphKit, SubgraphParts } from '@gatehouse/shared';
import { inviterScopeRoute, inviterScopesRoute, organizationRolesRoute, rolePermissionsRoute } from '@gatehouse/access-control-contracts';
import { membersByEmailRoute, spacesByNameRoute } from '@gatehouse/identity-contracts';
import { createInvitationsContext, InvitationsServices } from './context';
import { invitationConsistencyEvents, keepInvitationsConsistent } from './modules/consistency/invitation-consistency.handlers';
import { invitationsMigrations } from './migrations';
import { InvitationAccess } from './modules/invitations/invitation-access';
import { Invitation } from './modules/invitations/invitation.entity';
import { BulkInvitationsService } from './modules/invitations/bulk-invitations.service';
import { InvitationSettings } from './modules/invitations/invitation-settings.entity';
import { InvitationSettingsService } from './modules/invitations/invitation-settings.service';
import { InvitationWriter } from './modules/invitations/invitation-writer';
import { InvitationsService } from './modules/invitations/invitations.service';
import { ResendThrottle } from './modules/invitations/resend-throttle';
import { invitationsPolicy } from './policy';
import { invitationsSchema } from './schema';

export { invitationsPolicy } from './policy';
export { invitationsSchema } from './schema';
export const invitationsEntities = [Invitation, InvitationSettings];

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

/** The invitations services on the kit's database, asking access control about roles and the inviter, identity about members and spaces. */
async function buildInvitations(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource } = kit;
  // Its own key: access control accepts its calls to the routes that list invitations as a caller.
  const access: InvitationAccess = {
    inviterScope: (organizationId, accountId, spaceId) => kit.call(inviterScopeRoute, { organizationId, accountId, spaceId }),
    inviterScopes: (organizationId, accountId, spaceIds) => kit.call(inviterScopesRoute, { organizationId, accountId, spaceIds }),
    rolePermissions: async (organizationId, roleId) => (await kit.call(rolePermissionsRoute, { organizationId, roleId })).permissions,
    organizationRoles: async (organizationId) => (await kit.call(organizationRolesRoute, { organizationId })).roles,
    membersByEmail: async (organizationId, emails) => (await kit.call(membersByEmailRoute, { organizationId, emails })).members,
    spacesByName: async (organizationId, names) => (await kit.call(spacesByNameRoute, { organizationId, names })).spaces,
  };
  keepInvitationsConsistent(kit.bus, dataSource, kit.consumer);
  const now = () => kit.clock.now();
  const settings = new InvitationSettingsService(dataSource, kit.afterCommit);
  const writer = new InvitationWriter(dataSource, settings, { perOrganizationPerHour: config.invitations.perOrganizationPerHour }, now);
  const throttle = new ResendThrottle(dataSource, config.invitations.resendIntervalSeconds);
  const services: InvitationsServices = {
    invitations: new InvitationsService(dataSource, access, writer, throttle, kit.afterCommit, now),
    bulk: new BulkInvitationsService(access, writer, kit.afterCommit),
    settings,
    now,
    maxPageSize: config.maxPageSize,
  };
  return { createContext: (viewer, requestId) => createInvitationsContext(viewer, requestId, services) };
}
