import DataLoader from 'dataloader';
import { SubscriptionPubSub, Viewer, organizationIdOf } from '@gatehouse/shared';
import { AccountsService } from './modules/accounts/accounts.service';
import { OrganizationRecord, OrganizationsService } from './modules/accounts/organizations.service';
import { SessionsService } from './modules/sessions/sessions.service';
import { MemberSessionsService } from './modules/sessions/member-sessions.service';
import { UserRecord } from './modules/users/user.types';
import { UserImportService } from './modules/imports/user-import.service';
import { RecoveryService } from './modules/recovery/recovery.service';
import { DeletionService } from './modules/users/deletion.service';
import { DesignationService } from './modules/users/designation.service';
import { UserCreationService } from './modules/users/creation.service';
import { MembershipService } from './modules/users/membership.service';
import { ProfileService } from './modules/users/profile.service';
import { UsersService } from './modules/users/users.service';
import { AuditService } from './modules/audit/audit.service';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { SpacesService } from './modules/spaces/spaces.service';
import { SpaceType, toSpaceType } from './modules/spaces/spaces.types';
import { DirectoryService } from './modules/directory/directory.service';
import { OrgUnitType } from './modules/directory/directory.types';
import { UnitMembership } from './modules/directory/unit-membership.entity';
import { unitTree } from './modules/directory/unit-tree';

export interface IdentityServices {
  accounts: AccountsService;
  sessions: SessionsService;
  /** An admin ending another member's sessions. */
  memberSessions: MemberSessionsService;
  users: UsersService;
  creation: UserCreationService;
  membership: MembershipService;
  designation: DesignationService;
  deletion: DeletionService;
  recovery: RecoveryService;
  imports: UserImportService;
  profiles: ProfileService;
  organizations: OrganizationsService;
  audit: AuditService;
  /** Live updates for subscriptions (in memory, or Redis pub/sub in distributed mode). */
  pubsub: SubscriptionPubSub;
  apiKeys: ApiKeysService;
  spaces: SpacesService;
  directory: DirectoryService;
  maxPageSize: number;
}

/** Per-request batch loaders, scoped to the viewer's organization. */
export interface IdentityLoaders {
  userById: DataLoader<string, UserRecord | null>;
  organizationById: DataLoader<string, OrganizationRecord | null>;
  spaceById: DataLoader<string, SpaceType | null>;
  unitMembershipsByAccountId: DataLoader<string, UnitMembership[]>;
  /** The organization's units with their paths and member counts, read once per request. */
  unitsOfOrganization: () => Promise<Map<string, OrgUnitType>>;
}

export interface IdentityContext {
  viewer: Viewer;
  requestId: string;
  /** The end client's address, as the gateway signed it. */
  clientAddress: string;
  services: IdentityServices;
  loaders: IdentityLoaders;
}

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createIdentityContext(viewer: Viewer, requestId: string, clientAddress: string, services: IdentityServices): IdentityContext {
  const organizationId = organizationIdOf(viewer);
  let units: Promise<Map<string, OrgUnitType>> | null = null;
  return {
    viewer,
    requestId,
    clientAddress,
    services,
    loaders: {
      // Never returns a user outside the viewer's organization: the organization is part of the query.
      userById: new DataLoader(async (ids) => (organizationId ? byId(ids, await services.users.byIds(organizationId, ids)) : ids.map(() => null))),
      organizationById: new DataLoader(async (ids) => byId(ids, await services.organizations.byIds(ids))),
      // Like users: a space of another organization is never found.
      unitMembershipsByAccountId: new DataLoader(async (ids) => {
        if (!organizationId) return ids.map(() => []);
        const rows = await services.directory.membershipsOf(organizationId, ids);
        return ids.map((id) => rows.filter((r) => r.accountId === id));
      }),
      unitsOfOrganization: () =>
        (units ??= organizationId
          ? Promise.all([services.directory.units(organizationId), services.directory.memberCounts(organizationId)]).then(([rows, counts]) => unitTree(rows, counts))
          : Promise.resolve(new Map())),
      spaceById: new DataLoader(async (ids) => (organizationId ? byId(ids, (await services.spaces.byIds(organizationId, ids)).map(toSpaceType)) : ids.map(() => null))),
    },
  };
}
