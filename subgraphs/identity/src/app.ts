import { EventBus, GatehouseConfig, OutboxRelay, createSubscriptionPubSub, PermissionSet, RunningServer, callInternal, createSubgraphServer, jwtSecretFor, openDataSource, requestSigner, verifyAccessToken } from '@gatehouse/shared';
import { DataSource } from 'typeorm';
import { createIdentityContext, IdentityServices } from './context';
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
import { OrganizationRole, UserImportService } from './modules/imports/user-import.service';
import { MailMessage } from './modules/mail/mail-message.entity';
import { MailSender } from './modules/mail/mail-sender';
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
import { recordAuditTrail, identityConsumer } from './modules/audit/audit.handlers';
import { AuditService } from './modules/audit/audit.service';
import { ScimGroupsService } from './modules/scim/scim-groups.service';
import { ScimUsersService } from './modules/scim/scim-users.service';
import { scimRouter } from './modules/scim/scim.router';
import { identityMigrations } from './migrations';
import { identityPolicy } from './policy';
import { identitySchema } from './schema';

export { identityPolicy } from './policy';
export { identitySchema } from './schema';
export const identityEntities = [Account, Organization, Membership, Installation, Session, LoginThrottle, MailMessage, OneTimeToken, AuditEntry, AuditSubject, ApiKey, Space, OrgUnit, UnitMembership, DirectorySnapshot, DirectorySnapshotChunk];

export interface IdentityAppOptions {
  config: GatehouseConfig;
  bus: EventBus;
  /** Publish the outbox now (embedded mode: the bus reaches every subgraph in this process). */
  relayEvents: boolean;
  /** Where access control's internal endpoints are; read per call (tests learn the port after start). */
  accessControlUrl?: () => string;
  withoutShield?: boolean;
  log?: (message: string, detail?: unknown) => void;
}

export interface IdentityApp {
  dataSource: DataSource;
  queries: { count: number };
  relay: OutboxRelay;
  listen(port: number, host: string): Promise<RunningServer>;
  /** Drains the server (up to `graceMs`, see RunningServer.stop), then stops the relay and closes the database. */
  stop(graceMs?: number): Promise<void>;
}

/** Builds the identity subgraph: database, services, signed GraphQL server. Nothing listens yet. */
export async function createIdentityApp(options: IdentityAppOptions): Promise<IdentityApp> {
  const { config } = options;
  const jwtSecret = jwtSecretFor(config, 'identity (it issues access tokens)');
  const opened = await openDataSource({
    subgraph: 'identity',
    url: config.databaseUrls.identity,
    dataDir: config.dataDir,
    databasePrefix: config.databasePrefix,
    entities: identityEntities,
    mysqlMigrations: identityMigrations,
  });
  const { dataSource } = opened;
  const relay = new OutboxRelay({ source: 'identity', dataSource, bus: options.bus, pollMs: config.outboxPollMs, onError: (e) => options.log?.('outbox relay failed; will retry', e) });
  const publishEvents = relay.afterCommit(options.relayEvents);
  // Mail is local to identity: it goes out in every run mode, right after the commit that queued it.
  const mail = new MailSender(dataSource, { smtpUrl: config.mail.smtpUrl, from: config.mail.from, dataDir: config.dataDir, pollMs: config.outboxPollMs }, options.log);
  const afterCommit = async () => {
    await publishEvents();
    await mail.flush();
  };
  const sessions = new SessionsService(dataSource, { ...config, jwtSecret }, afterCommit);
  // Identity's own key: access control accepts its internal calls by it (and nothing on GraphQL).
  const internal = { signer: requestSigner(config, 'identity', 'identity (its calls to access control)'), audience: 'access-control', timeoutMs: config.subgraphTimeoutMs };
  const accessControl = <T>(route: string, body: Record<string, unknown>) => callInternal<T>(options.accessControlUrl?.() ?? config.subgraphUrls['access-control'], route, body, internal);
  const memberGuard = new MemberGuard(dataSource, async (organizationId, accountIds) => {
    const { reach } = await accessControl<{ reach: { accountId: string; permissions: PermissionSet }[] }>('member-reach', { organizationId, accountIds });
    return new Map(reach.map((r) => [r.accountId, r.permissions]));
  });
  const unitChangesAllowed: UnitChangesCheck = async (actor, changes) => {
    const { violation } = await accessControl<{ violation: { code: string; message: string } | null }>('unit-changes-check', { organizationId: actor.organizationId, actor: { accountId: actor.accountId, permissions: actor.permissions }, changes });
    return unitChangeRefusal(violation);
  };
  const audit = new AuditService(dataSource);
  const pubsub = createSubscriptionPubSub(config.events.redisUrl);
  recordAuditTrail(options.bus, dataSource, audit, pubsub);
  const accounts = new AccountsService(dataSource, afterCommit, new LoginThrottleService(dataSource, { ...config.loginThrottle, attemptWaitMs: config.subgraphTimeoutMs / 2 }));
  const rolePermissions = async (organizationId: string, roleId: string) => (await accessControl<{ permissions: PermissionSet | null }>('role-permissions', { organizationId, roleId })).permissions;
  const services: IdentityServices = {
    accounts,
    creation: new UserCreationService(accounts, rolePermissions),
    sessions,
    profiles: new ProfileService(dataSource, sessions, memberGuard, afterCommit),
    users: new UsersService(dataSource),
    membership: new MembershipService(dataSource, memberGuard, afterCommit),
    memberSessions: new MemberSessionsService(sessions, memberGuard),
    designation: new DesignationService(
      dataSource,
      async (organizationId, roleKey, accountIds) => (await accessControl<{ holders: string[] }>('role-holders', { organizationId, roleKey, accountIds })).holders,
      memberGuard,
      afterCommit,
    ),
    imports: new UserImportService(dataSource, async (organizationId) => (await accessControl<{ roles: OrganizationRole[] }>('organization-roles', { organizationId })).roles, afterCommit),
    recovery: new RecoveryService(dataSource, { appUrl: config.mail.appUrl, tokenTtlMinutes: config.mail.tokenTtlMinutes }, afterCommit),
    deletion: new DeletionService(dataSource, memberGuard, afterCommit),
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
    log: options.log ?? (() => undefined),
  });
  const { schema } = await identitySchema();
  const server = await createSubgraphServer({
    name: 'identity',
    schema,
    policy: identityPolicy,
    signing: config.requestSigning,
    maxRequestBodyBytes: config.maxRequestBodyBytes,
    createContext: (viewer, requestId, clientAddress) => createIdentityContext(viewer, requestId, clientAddress, services),
    isReady: async () => (await dataSource.query('SELECT 1')).length > 0,
    withoutShield: options.withoutShield,
    log: options.log,
    routers: { '/scim/v2': scim },
    internalRoutes: {
      /** The gateway's check of an access token's session and membership. */
      'session-status': {
        callers: ['gateway'],
        handle: async (body) => {
          const claims = verifyAccessToken(String(body.accessToken ?? ''), jwtSecret);
          if (!claims) return { valid: false };
          const status = await services.sessions.status(claims.accountId, claims.organizationId, claims.sessionFamilyId);
          return { ...status, ...claims };
        },
      },
      /** The gateway's check of an API key: which organization it belongs to and what it may do. */
      'api-key-status': {
        callers: ['gateway'],
        handle: async (body) => {
          const verified = await services.apiKeys.verify(String(body.key ?? ''), 'PLATFORM');
          return verified ? { valid: true, ...verified } : { valid: false };
        },
      },
    },
  });
  if (options.relayEvents) relay.start();
  mail.start();
  let running: RunningServer | null = null;
  return {
    dataSource,
    queries: opened.queries,
    relay,
    listen: async (port, host) => (running = await server.listen(port, host)),
    stop: async (graceMs?: number) => {
      await running?.stop(graceMs);
      options.bus.detach(identityConsumer);
      await relay.stop();
      await mail.stop();
      await pubsub.close();
      await dataSource.destroy();
    },
  };
}
