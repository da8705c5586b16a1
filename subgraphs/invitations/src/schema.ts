import { FederatedSchema, buildFederatedSchema } from '@gatehouse/shared';
import { BulkInvitationsResolver } from './modules/invitations/bulk-invitations.resolver';
import { InvitationSettingsResolver } from './modules/invitations/invitation-settings.resolver';
import { InvitationAcceptanceResolver } from './modules/invitations/invitation-acceptance.resolver';
import { InvitationConnectionResolver, InvitationsResolver } from './modules/invitations/invitations.resolver';
import { RoleStub, SpaceStub, UserStub } from './modules/invitations/invitations.types';
import { InvitationChangedResolver } from './modules/live/invitation-changed.resolver';

let built: Promise<FederatedSchema> | null = null;

/**
 * The invitations subgraph schema, built once per process. Invitation is not an entity (nothing
 * else references it): it is reached only through `invitations` and the mutations' payloads.
 */
export function invitationsSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [InvitationsResolver, InvitationConnectionResolver, BulkInvitationsResolver, InvitationSettingsResolver, InvitationChangedResolver, InvitationAcceptanceResolver],
    orphanedTypes: [RoleStub, SpaceStub, UserStub],
  });
  return built;
}
