import { FederatedSchema, buildFederatedSchema, organizationIdOf } from '@gatehouse/shared';
import { IdentityContext } from './context';
import { SessionsResolver } from './modules/sessions/sessions.resolver';
import { UserImportResolver } from './modules/imports/user-import.resolver';
import { DirectoryMembershipChangeResolver, DirectoryResolver, UserUnitsResolver } from './modules/directory/directory.resolver';
import { SpaceConnectionResolver, SpacesResolver } from './modules/spaces/spaces.resolver';
import { ApiKeysResolver } from './modules/api-keys/api-keys.resolver';
import { AuditEntryConnectionResolver, AuditEntryUsersResolver, AuditResolver, AuditSubscriptionResolver } from './modules/audit/audit.resolver';
import { RecoveryResolver } from './modules/recovery/recovery.resolver';
import { CreationResolver } from './modules/users/creation.resolver';
import { DeletionResolver } from './modules/users/deletion.resolver';
import { DesignationResolver } from './modules/users/designation.resolver';
import { MembershipResolver } from './modules/users/membership.resolver';
import { ProfileResolver } from './modules/users/profile.resolver';
import { OrganizationResolver, UserConnectionResolver, UsersResolver } from './modules/users/users.resolver';

let built: Promise<FederatedSchema> | null = null;

/**
 * The identity subgraph schema, built once per process. Reference resolvers go through the
 * request's loaders, which are scoped to the viewer's organization.
 */
export function identitySchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [UsersResolver, UserConnectionResolver, OrganizationResolver, SessionsResolver, MembershipResolver, ProfileResolver, DesignationResolver, DeletionResolver, CreationResolver, RecoveryResolver, UserImportResolver, AuditResolver, AuditEntryConnectionResolver, AuditSubscriptionResolver, AuditEntryUsersResolver, ApiKeysResolver, SpacesResolver, SpaceConnectionResolver, DirectoryResolver, DirectoryMembershipChangeResolver, UserUnitsResolver],
    referenceResolvers: {
      User: { __resolveReference: (ref: { id: string }, ctx: IdentityContext) => ctx.loaders.userById.load(ref.id) },
      OrganizationalUnit: { __resolveReference: async (ref: { id: string }, ctx: IdentityContext) => (await ctx.loaders.unitsOfOrganization()).get(ref.id) ?? null },
      Space: { __resolveReference: (ref: { id: string }, ctx: IdentityContext) => ctx.loaders.spaceById.load(ref.id) },
      // Organizations outside the viewer's own are not resolved.
      Organization: {
        __resolveReference: (ref: { id: string }, ctx: IdentityContext) =>
          organizationIdOf(ctx.viewer) === ref.id ? ctx.loaders.organizationById.load(ref.id) : null,
      },
    },
  });
  return built;
}
