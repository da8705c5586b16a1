import { Area, Level, Policy, activeMember, authenticated, can, isPublic, isSelf, or } from '@gatehouse/shared';

const seeMembers = or(isSelf(), can(Area.TEAM_MEMBERS, Level.READ));

/** Every field of the identity subgraph and what it requires. */
export const identityPolicy: Policy = {
  Query: {
    viewer: authenticated,
    user: can(Area.TEAM_MEMBERS, Level.READ),
    users: can(Area.TEAM_MEMBERS, Level.READ),
    organization: authenticated,
  },
  Mutation: {
    signUp: isPublic,
    logIn: isPublic,
    refreshSession: isPublic,
    logOut: authenticated,
    logOutEverywhere: authenticated,
    createOrganization: authenticated,
    switchOrganization: authenticated,
    endUserSessions: can(Area.TEAM_MEMBERS, Level.WRITE),
    setMembershipStatus: can(Area.TEAM_MEMBERS, Level.WRITE),
    updateProfile: authenticated,
    // Shield lets Team Roles writers through; the service then requires the Super Admin role itself.
    setDesignatedSuperAdmin: can(Area.TEAM_ROLES, Level.WRITE),
    updateUser: can(Area.TEAM_MEMBERS, Level.WRITE),
    deleteUser: can(Area.TEAM_MEMBERS, Level.WRITE),
  },
  User: {
    id: authenticated,
    email: seeMembers,
    name: seeMembers,
    lastName: seeMembers,
    fullName: seeMembers,
    membershipStatus: seeMembers,
    emailConfirmed: seeMembers,
    jobTitle: seeMembers,
    phone: seeMembers,
    language: seeMembers,
    profileImageUrl: seeMembers,
    externalId: seeMembers,
    joinedAt: seeMembers,
    lastActivityAt: seeMembers,
    isFirstUser: seeMembers,
    isDesignatedSuperAdmin: seeMembers,
    organization: seeMembers,
    organizations: isSelf(),
  },
  OrganizationMembership: { organization: authenticated, status: authenticated, joinedAt: authenticated },
  Organization: {
    id: authenticated,
    name: authenticated,
    createdAt: activeMember,
    // PENDING members see whom to ask for activation (Cloosphere's pending screen).
    pendingApprovalContactEmail: authenticated,
    designatedSuperAdmin: can(Area.TEAM_MEMBERS, Level.READ),
  },
  UserConnection: { edges: activeMember, pageInfo: activeMember, totalCount: activeMember },
  UserEdge: { cursor: activeMember, node: activeMember },
  PageInfo: { hasNextPage: authenticated, hasPreviousPage: authenticated, startCursor: authenticated, endCursor: authenticated },
  // Payloads of public mutations: what they carry was produced for this caller.
  AuthSession: { accessToken: isPublic, accessTokenExpiresAt: isPublic, refreshToken: isPublic, refreshTokenExpiresAt: isPublic, accountId: isPublic, organizationId: isPublic },
  SignUpPayload: { membershipStatus: isPublic, session: isPublic, userErrors: isPublic },
  SessionPayload: { session: isPublic, userErrors: isPublic },
  CreateOrganizationPayload: { organization: authenticated, session: authenticated, userErrors: authenticated },
  EndUserSessionsPayload: { endedSessions: can(Area.TEAM_MEMBERS, Level.WRITE), userErrors: can(Area.TEAM_MEMBERS, Level.WRITE) },
  LogOutPayload: { loggedOut: authenticated, userErrors: authenticated },
  SetDesignatedSuperAdminPayload: { organization: can(Area.TEAM_ROLES, Level.WRITE), userErrors: can(Area.TEAM_ROLES, Level.WRITE) },
  DeleteUserPayload: { deletedUserId: can(Area.TEAM_MEMBERS, Level.WRITE), userErrors: can(Area.TEAM_MEMBERS, Level.WRITE) },
  UpdateUserPayload: { user: authenticated, userErrors: authenticated },
  SetMembershipStatusPayload: { user: can(Area.TEAM_MEMBERS, Level.WRITE), userErrors: can(Area.TEAM_MEMBERS, Level.WRITE) },
  UserError: { field: isPublic, code: isPublic, message: isPublic },
};
