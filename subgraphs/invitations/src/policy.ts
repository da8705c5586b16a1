import { Area, Level, Policy, activeMember, asParent, can, fields, isPublic } from '@gatehouse/shared';

const readInvitations = can(Area.TEAM_MEMBERS, Level.READ);

/** Every field of the invitations subgraph and what it requires. */
export const invitationsPolicy: Policy = {
  Query: {
    invitations: readInvitations,
    invitationSettings: readInvitations,
    // The link's token is the credential (its page is opened signed out); an unusable token is answered null.
    invitationByToken: isPublic,
  },
  // Checked again by the resolver when it starts and whenever the viewer changes (whileAllowed).
  Subscription: {
    invitationChanged: readInvitations,
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
    // The invitee has no membership yet: the token, then a password or the signed-in account of the address, decide.
    acceptInvitation: isPublic,
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
  // Reached only through the subscription (Team Members READ, checked for each event).
  InvitationChange: fields(asParent, 'change', 'invitation', 'changedAt'),
  InvitationPreview: fields(isPublic, 'email', 'organizationName', 'invitedByName', 'roleName', 'spaceName', 'expiresAt'),
  AcceptInvitationPayload: fields(isPublic, 'session', 'userErrors'),
  AuthSession: fields(isPublic, 'accessToken', 'accessTokenExpiresAt', 'refreshToken', 'refreshTokenExpiresAt', 'accountId', 'organizationId'),
  PageInfo: fields(asParent, 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'),
  Role: { id: activeMember },
  Space: { id: activeMember },
  User: { id: activeMember },
};
