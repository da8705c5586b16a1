import { SubgraphDefinition, SubgraphKit, SubgraphParts } from '@gatehouse/shared';
import { inviterScopeRoute, inviterScopesRoute, organizationRolesRoute, rolePermissionsRoute } from '@gatehouse/access-control-contracts';
import { acceptInvitationRoute, invitationContextRoute, membersByEmailRoute, organizationNamesRoute, spacesByNameRoute } from '@gatehouse/identity-contracts';
import { invitationsEvents } from '@gatehouse/invitations-contracts';
import { createInvitationsContext, InvitationsServices } from './context';
import { invitationConsistencyEvents, keepInvitationsConsistent } from './modules/consistency/invitation-consistency.handlers';
import { invitationsMigrations } from './migrations';
import { InvitationAnnouncer } from './modules/announcements/invitation-announcer';
import { InvitationNameSources } from './modules/announcements/invitation-names';
import { InvitationAccess } from './modules/invitations/invitation-access';
import { InvitationAcceptanceService } from './modules/invitations/invitation-acceptance.service';
import { InvitationIdentity } from './modules/invitations/invitation-identity';
import { Invitation } from './modules/invitations/invitation.entity';
import { BulkInvitationsService } from './modules/invitations/bulk-invitations.service';
import { InvitationSettings } from './modules/invitations/invitation-settings.entity';
import { InvitationSettingsService } from './modules/invitations/invitation-settings.service';
import { InvitationWriter } from './modules/invitations/invitation-writer';
import { inviterStillVouches } from './modules/invitations/inviter-vouches';
import { InvitationsService } from './modules/invitations/invitations.service';
import { ResendThrottle } from './modules/invitations/resend-throttle';
import { ExpirySweep } from './modules/live/expiry-sweep';
import { publishInvitationChanged } from './modules/live/invitation-changes';
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
  // Sent, resent, revoked, accepted: identity records them in its audit log.
  produces: invitationsEvents,
  consumes: [
    // what identity and access control delete or add, so that invitations never name it (./modules/consistency)
    ...invitationConsistencyEvents,
  ],
  // The invitation e-mail, queued in the transaction of the invite or resend.
  sendsMail: true,
  build: buildInvitations,
};

/** The invitations services on the kit's database, asking access control about roles and the inviter, identity about members and spaces, and identity to accept. */
async function buildInvitations(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource, pubsub } = kit;
  // Its own key: access control accepts its calls to the routes that list invitations as a caller.
  const access: InvitationAccess = {
    inviterScope: (organizationId, accountId, spaceId) => kit.call(inviterScopeRoute, { organizationId, accountId, spaceId }),
    inviterScopes: (organizationId, accountId, spaceIds) => kit.call(inviterScopesRoute, { organizationId, accountId, spaceIds }),
    rolePermissions: async (organizationId, roleId) => (await kit.call(rolePermissionsRoute, { organizationId, roleId })).permissions,
    organizationRoles: async (organizationId) => (await kit.call(organizationRolesRoute, { organizationId })).roles,
    membersByEmail: async (organizationId, emails) => (await kit.call(membersByEmailRoute, { organizationId, emails })).members,
    spacesByName: async (organizationId, names) => (await kit.call(spacesByNameRoute, { organizationId, names })).spaces,
  };
  // What the invitation e-mail names: identity's organization, members and spaces, access control's roles.
  const names: InvitationNameSources = {
    organizationNames: (organizationId, accountIds, spaceIds) => kit.call(organizationNamesRoute, { organizationId, accountIds, spaceIds }),
    roleNames: async (organizationId) => (await kit.call(organizationRolesRoute, { organizationId })).roles,
  };
  // Accepting asks identity to create or join the account (and access control for the role's name on the accept page).
  const identity: InvitationIdentity = {
    accept: (request) => kit.call(acceptInvitationRoute, request),
    context: (organizationId, inviterId, spaceId) => kit.call(invitationContextRoute, { organizationId, inviterId, spaceId }),
    roleName: async (organizationId, roleId) => (await kit.call(organizationRolesRoute, { organizationId })).roles.find((r) => r.id === roleId)?.name ?? null,
  };
  const now = () => kit.clock.now();
  const announcer = new InvitationAnnouncer({ mail: kit.mail, names, pubsub, appUrl: config.mail.appUrl, now });
  // Revocations on other services' news are announced like an admin's (audit event, live notice).
  keepInvitationsConsistent({ bus: kit.bus, dataSource, consumer: kit.consumer, announcer, afterCommit: kit.afterCommit });
  const settings = new InvitationSettingsService(dataSource, kit.afterCommit);
  const writer = new InvitationWriter(dataSource, settings, { perOrganizationPerHour: config.invitations.perOrganizationPerHour }, now, announcer, kit.afterCommit);
  const throttle = new ResendThrottle(dataSource, config.invitations.resendIntervalSeconds);
  // A claim outlives any attempt: its call to identity gives up after the subgraph timeout.
  const claimTtlMs = 2 * config.subgraphTimeoutMs;
  const services: InvitationsServices = {
    invitations: new InvitationsService(dataSource, access, writer, throttle, kit.afterCommit, now, announcer, claimTtlMs),
    bulk: new BulkInvitationsService(access, writer),
    settings,
    acceptance: new InvitationAcceptanceService(dataSource, identity, kit.afterCommit, now, claimTtlMs, announcer, (invitation) => inviterStillVouches(access, invitation)),
    now,
    maxPageSize: config.maxPageSize,
    pubsub,
  };
  // EXPIRED is told by a sweep (the status needs none): each expired invitation once, across instances.
  const sweep = new ExpirySweep({
    dataSource,
    now,
    announce: (invitation) => publishInvitationChanged(pubsub, 'EXPIRED', invitation, new Date(now())),
    pollMs: config.outboxPollMs,
    onError: (error) => kit.log('invitation expiry sweep failed; will retry', error),
  });
  kit.onStop(() => sweep.stop());
  return { createContext: (viewer, requestId, clientAddress) => createInvitationsContext(viewer, requestId, clientAddress, services), start: () => sweep.start() };
}
