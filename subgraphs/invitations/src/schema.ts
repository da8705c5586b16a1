import { FederatedSchema, buildFederatedSchema } from '@gatehouse/shared';
import { BulkInvitationsResolver } from './modules/invitations/bulk-invitations.resolver';
import { InvitationSettingsResolver } from './modules/invitations/invitation-settings.resolver';
import { InvitationConnectionResolver, InvitationsResolver } from './modules/invitations/invitations.resolver';
import { RoleStub, SpaceStub, UserStub } from './modules/invitations/invitations.types';

let built: Promise<FederatedSchema> | null = null;

/**
 * The invitations subgraph schema, built once per process. Invitation is not an entity (nothing
 * else references it): it is reached only through `invitations` and the mutations' payloads.
 */
export function invitationsSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [InvitationsResolver, InvitationConnectionResolver, BulkInvitationsResolver, InvitationSettingsResolver],
    orphanedTypes: [RoleStub, SpaceStub, UserStub],
  });
  return built;
}
