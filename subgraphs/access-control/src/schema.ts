import { FederatedSchema, buildFederatedSchema } from '@gatehouse/shared';
import { AccessControlContext } from './context';
import { RoleMemberConnectionResolver, RolesResolver, UserRolesResolver } from './modules/roles/roles.resolver';
import { SpaceStub, UserStub } from './modules/roles/roles.types';
import { CustomRolesResolver } from './modules/roles/custom-roles.resolver';

let built: Promise<FederatedSchema> | null = null;

/**
 * The access-control subgraph schema, built once per process. A User reference resolves only for
 * members of the viewer's organization (reference resolvers are not guarded by shield).
 */
export function accessControlSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [RolesResolver, RoleMemberConnectionResolver, UserRolesResolver, CustomRolesResolver],
    orphanedTypes: [UserStub, SpaceStub],
    referenceResolvers: {
      User: {
        __resolveReference: async (ref: { id: string }, ctx: AccessControlContext) => ((await ctx.loaders.memberByAccountId.load(ref.id)) ? { id: ref.id } : null),
      },
      Role: {
        __resolveReference: async (ref: { id: string }, ctx: AccessControlContext) => (await ctx.loaders.rolesOfOrganization()).find((r) => r.id === ref.id) ?? null,
      },
    },
  });
  return built;
}
