import { FederatedSchema, buildFederatedSchema, organizationIdOf } from '@gatehouse/shared';
import { AccessControlContext } from './context';
import { RoleMemberConnectionResolver, RolesResolver, UserRolesResolver } from './modules/roles/roles.resolver';
import { SpaceStub, UserStub } from './modules/roles/roles.types';
import { CustomRolesResolver } from './modules/roles/custom-roles.resolver';
import { GroupsResolver, UserGroupsResolver, toGroupType } from './modules/groups/groups.resolver';
import { UnitStub } from './modules/groups/groups.types';
import { ExplainAccessResolver } from './modules/permissions/explain.resolver';
import { AuthorizeResolver, UserCanResolver } from './modules/resources/resources.resolver';
import { SecurityProfilesResolver, UserProfilesResolver } from './modules/profiles/profiles.resolver';
import { ViewerPermissionsResolver } from './modules/live/viewer-permissions.resolver';

let built: Promise<FederatedSchema> | null = null;

/**
 * The access-control subgraph schema, built once per process. A User reference resolves only for
 * members of the viewer's organization (reference resolvers are not guarded by shield).
 */
export function accessControlSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [RolesResolver, RoleMemberConnectionResolver, UserRolesResolver, CustomRolesResolver, SecurityProfilesResolver, UserProfilesResolver, GroupsResolver, UserGroupsResolver, ExplainAccessResolver, AuthorizeResolver, UserCanResolver, ViewerPermissionsResolver],
    orphanedTypes: [UserStub, SpaceStub, UnitStub],
    referenceResolvers: {
      User: {
        __resolveReference: async (ref: { id: string }, ctx: AccessControlContext) => ((await ctx.loaders.memberByAccountId.load(ref.id)) ? { id: ref.id } : null),
      },
      // Groups of other organizations are not resolved.
      Group: {
        __resolveReference: async (ref: { id: string }, ctx: AccessControlContext) => {
          const organizationId = organizationIdOf(ctx.viewer);
          const [group] = organizationId ? await ctx.services.groups.list(organizationId, [ref.id]) : [];
          return group ? toGroupType(group) : null;
        },
      },
      Role: {
        __resolveReference: async (ref: { id: string }, ctx: AccessControlContext) => (await ctx.loaders.rolesOfOrganization()).find((r) => r.id === ref.id) ?? null,
      },
    },
  });
  return built;
}
