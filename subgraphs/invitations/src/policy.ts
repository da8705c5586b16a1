import { Area, Level, Policy, activeMember, asParent, can, fields } from '@gatehouse/shared';

const readInvitations = can(Area.TEAM_MEMBERS, Level.READ);

/** Every field of the invitations subgraph and what it requires. */
export const invitationsPolicy: Policy = {
  Query: {
    invitations: readInvitations,
    invitationSettings: readInvitations,
  },
  Mutation: {
    // Team Members WRITE in the organization, or in the invitation's space (a space admin invites
    // into their space): the scope depends on the input or the invitation, so the service decides.
    inviteTeammate: activeMember,
    resendInvitation: activeMember,
    revokeInvitation: activeMember,
    // Per row, as inviteTeammate: the service checks each row's scope.
    inviteTeammates: activeMember,
    // The organization's own setting: Team Members WRITE organization-wide (a space admin does not set it).
    updateInvitationSettings: can(Area.TEAM_MEMBERS, Level.WRITE),
  },
  // Not an entity: reached only through the list (Team Members READ) or a payload (the service's check).
  Invitation: fields(asParent, 'id', 'email', 'status', 'sentAt', 'expiresAt', 'expiryDays', 'role', 'space', 'invitedBy'),
  InvitationConnection: fields(asParent, 'edges', 'pageInfo', 'totalCount'),
  InvitationEdge: fields(asParent, 'cursor', 'node'),
  // A payload is seen by who ran the mutation, which the service allowed.
  InvitationPayload: fields(activeMember, 'invitation', 'userErrors'),
  InviteTeammatesPayload: fields(activeMember, 'rows', 'created', 'userErrors'),
  BulkInvitationRow: fields(asParent, 'row', 'email', 'status', 'error', 'invitation'),
  InvitationSettings: fields(asParent, 'expiryDays'),
  InvitationSettingsPayload: fields(activeMember, 'settings', 'userErrors'),
  InvitationsUserError: fields(asParent, 'field', 'code', 'message'),
  PageInfo: fields(asParent, 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'),
  Role: { id: activeMember },
  Space: { id: activeMember },
  User: { id: activeMember },
};
