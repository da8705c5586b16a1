import { DataSource } from 'typeorm';
import { RouteInput, RouteOutput } from '@gatehouse/shared';
import { invitationContextRoute } from '@gatehouse/identity-contracts';
import { Account } from '../accounts/account.entity';
import { Membership } from '../accounts/membership.entity';
import { Organization } from '../accounts/organization.entity';
import { Space } from '../spaces/space.entity';

/** The names an invitation's accept page shows (the invitations subgraph asks, for a valid link only). */
export async function invitationContext(dataSource: DataSource, { organizationId, inviterId, spaceId }: RouteInput<typeof invitationContextRoute>): Promise<RouteOutput<typeof invitationContextRoute>> {
  const [organization, inviterMembership, inviter, space] = await Promise.all([
    dataSource.getRepository(Organization).findOneBy({ id: organizationId }),
    inviterId ? dataSource.getRepository(Membership).existsBy({ organizationId, accountId: inviterId }) : false,
    inviterId ? dataSource.getRepository(Account).findOneBy({ id: inviterId }) : null,
    spaceId ? dataSource.getRepository(Space).findOneBy({ id: spaceId, organizationId }) : null,
  ]);
  // An inviter who has left the organization is no longer named to outsiders.
  const inviterName = inviterMembership && inviter ? `${inviter.name} ${inviter.lastName}`.trim() : null;
  return { organizationName: organization?.name ?? null, inviterName, spaceName: space && !space.archivedAt ? space.name : null };
}
