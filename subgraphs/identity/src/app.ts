import { RuleViolation, SubgraphDefinition, SubgraphKit, SubgraphParts, jwtSecretFor } from '@gatehouse/shared';
import { identityEvents } from '@gatehouse/identity-contracts';
import { memberReachRoute, organizationRolesRoute, roleHoldersRoute, rolePermissionsRoute, unitChangesCheckRoute } from '@gatehouse/access-control-contracts';
import { createIdentityContext, IdentityServices } from './context';
import { identityInternalRoutes } from './internal-routes';
import { InviteeLookups } from './modules/accounts/invitee-lookups';
import { Account } from './modules/accounts/account.entity';
import { AccountsService } from './modules/accounts/accounts.service';
import { Installation } from './modules/accounts/installation.entity';
import { Membership } from './modules/accounts/membership.entity';
import { Organization } from './modules/accounts/organization.entity';
import { OrganizationsService } from './modules/accounts/organizations.service';
import { LoginThrottle } from './modules/sessions/login-throttle.entity';
import { LoginThrottleService } from './modules/sessions/login-throttle.service';
import { Session } from './modules/sessions/session.entity';
import { SessionsService } from './modules/sessions/sessions.service';
import { UserImportService } from './modules/imports/user-import.service';
import { OneTimeToken } from './modules/recovery/one-time-token.entity';
import { RecoveryService } from './modules/recovery/recovery.service';
import { DeletionService } from './modules/users/deletion.service';
import { MemberGuard } from './modules/users/member-guard';
import { MemberSessionsService } from './modules/sessions/member-sessions.service';
import { UnitChangesCheck, unitChangeRefusal } from './modules/directory/unit-events';
import { DesignationService } from './modules/users/designation.service';
import { UserCreationService } from './modules/users/creation.service';
import { MembershipService } from './modules/users/membership.service';
import { ProfileService } from './modules/users/profile.service';
import { UsersService } from './modules/users/users.service';
import { ApiKey } from './modules/api-keys/api-key.entity';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { AuditEntry } from './modules/audit/audit-entry.entity';
import { Space } from './modules/spaces/space.entity';
import { DirectorySnapshot, DirectorySnapshotChunk } from './modules/directory/directory-snapshot.entity';
import { DirectoryService } from './modules/directory/directory.service';
import { OrgUnit } from './modules/directory/org-unit.entity';
import { UnitMembership } from './modules/directory/unit-membership.entity';
import { SpacesService } from './modules/spaces/spaces.service';
import { AuditSubject } from './modules/audit/audit-subject.entity';
import { auditedEventTypes, recordAuditTrail } from './modules/audit/audit.handlers';
import { AuditService } from './modules/audit/audit.service';
import { ScimGroupsService } from './modules/scim/scim-groups.service';
import { ScimUsersService } from './modules/scim/scim-users.service';
import { scimRouter } from './modules/scim/scim.router';
import { identityMigrations } from './migrations';
import { identityPolicy } from './policy';
import { identitySchema } from './schema';

export { identityPolicy } from './policy';
export { identitySchema } from './schema';
export const identityEntities = [Account, Organization, Membership, Installation, Session, LoginThrottle, OneTimeToken, AuditEntry, AuditSubject, ApiKey, Space, OrgUnit, UnitMembership, DirectorySnapshot, DirectorySnapshotChunk];

/** The identity subgraph: what it is made of (its descriptor is ./subgraph.ts). */
export const identityDefinition: SubgraphDefinition = {
  entities: identityEntities,
  mysqlMigrations: identityMigrations,
  schema: identitySchema,
  policy: identityPolicy,
  produces: identityEvents,
  // Every subgraph's auditable events become entries of identity's audit log.
  consumes: auditedEventTypes,
  // Recovery and confirmation links, credential-change notices: the kit's mail outbox and sender.
  sendsMail: true,
  build: buildIdentity,
};

/** Identity's services, internal routes and SCIM on the kit's database, bus and pub/sub. */
async function buildIdentity(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource, log, afterCommit, mail } = kit;
  const jwtSecret = jwtSecretFor(config, 'identity (it issues access tokens)');
  const sessions = new SessionsService(dataSource, { ...config, jwtSecret }, afterCommit);
  const memberGuard = new MemberGuard(dataSource, async (organizationId, accountIds) => {
    const { reach } = await kit.call(memberReachRoute, { organizationId, accountIds });
    return new Map(reach.map((r) => [r.accountId, r.permissions]));
  });
  const unitChangesAllowed: UnitChangesCheck = async (actor, changes) => {
    const { violation } = await kit.call(unitChangesCheckRoute, { organizationId: actor.organizationId, actor: { accountId: actor.accountId, permissions: actor.permissions }, changes });
    return unitChangeRefusal(violation);
  };
  const audit = new AuditService(dataSource);
  const { pubsub } = kit;
  recordAuditTrail(kit.bus, dataSource, audit, pubsub);
  const accounts = new AccountsService(dataSource, afterCommit, new LoginThrottleService(dataSource, { ...config.loginThrottle, attemptWaitMs: config.subgraphTimeoutMs / 2 }));
  const rolePermissions = async (organizationId: string, roleId: string) => (await kit.call(rolePermissionsRoute, { organizationId, roleId })).permissions;
  const services: IdentityServices = {
    accounts,
    creation: new UserCreationService(accounts, rolePermissions),
    sessions,
    profiles: new ProfileService(dataSource, sessions, memberGuard, mail, afterCommit),
    users: new UsersService(dataSource),
    membership: new MembershipService(dataSource, memberGuard, afterCommit),
    memberSessions: new MemberSessionsService(sessions, memberGuard),
    designation: new DesignationService(
      dataSource,
      async (organizationId, roleKey, accountIds) => (await kit.call(roleHoldersRoute, { organizationId, roleKey, accountIds })).holders,
      memberGuard,
      afterCommit,
    ),
    imports: new UserImportService(dataSource, async (organizationId) => (await kit.call(organizationRolesRoute, { organizationId })).roles, afterCommit),
    recovery: new RecoveryService(dataSource, { appUrl: config.mail.appUrl, tokenTtlMinutes: config.mail.tokenTtlMinutes }, mail, afterCommit),
    deletion: new DeletionService(dataSource, memberGuard, mail, afterCommit),
    organizations: new OrganizationsService(dataSource),
    audit,
    pubsub,
    apiKeys: new ApiKeysService(dataSource, afterCommit),
    spaces: new SpacesService(dataSource, afterCommit),
    directory: new DirectoryService(dataSource, memberGuard, unitChangesAllowed, afterCommit),
    maxPageSize: config.maxPageSize,
  };
  const scim = scimRouter({
    apiKeys: services.apiKeys,
    users: new ScimUsersService({ dataSource, users: services.users, accounts: services.accounts, profiles: services.profiles, membership: services.membership, deletion: services.deletion }),
    groups: new ScimGroupsService(dataSource, afterCommit),
    log,
  });
  return {
    createContext: (viewer, requestId, clientAddress) => createIdentityContext(viewer, requestId, clientAddress, services),
    routers: { '/scim/v2': scim },
    internalRoutes: identityInternalRoutes({ sessions: services.sessions, apiKeys: services.apiKeys, jwtSecret, invitees: new InviteeLookups(dataSource) }),
  };
}
