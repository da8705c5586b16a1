/** What an invitation e-mail calls the organization, the inviter, the role and the space. */
export interface InvitationNames {
  organization: string;
  /** Null: the inviter's account was deleted. */
  inviterOf(accountId: string | null): string;
  roleOf(roleId: string): string;
  /** Null for an invitation into the whole organization. */
  spaceOf(spaceId: string | null): string | null;
}

/** The few things mail needs to know of each invitation it announces. */
export interface NamedInvitation {
  roleId: string;
  spaceId: string | null;
  invitedBy: string | null;
}

/**
 * Where names come from (identity for the organization, members and spaces; access control for
 * roles): one call to each per organization, whatever the number of invitations (see app.ts).
 */
export interface InvitationNameSources {
  organizationNames(organizationId: string, accountIds: string[], spaceIds: string[]): Promise<{ organizationName: string | null; accounts: { id: string; name: string }[]; spaces: { id: string; name: string }[] }>;
  roleNames(organizationId: string): Promise<{ id: string; name: string }[]>;
}

/** How many ids one organization-names call may carry (identity's contract bound). */
const chunk = 1000;

/**
 * The names mail about these invitations uses, looked up before the transaction (no network call
 * holds it open): a bulk of 1,000 invitations costs one call to access control and one to identity.
 * Someone no longer a member (or a deleted role or space) is named generically, not refused.
 */
export async function invitationNamesFor(sources: InvitationNameSources, organizationId: string, invitations: readonly NamedInvitation[]): Promise<InvitationNames> {
  const accountIds = [...new Set(invitations.flatMap((i) => (i.invitedBy ? [i.invitedBy] : [])))];
  const spaceIds = [...new Set(invitations.flatMap((i) => (i.spaceId ? [i.spaceId] : [])))];
  const calls = Math.max(1, Math.ceil(accountIds.length / chunk), Math.ceil(spaceIds.length / chunk));
  const [roles, ...answers] = await Promise.all([
    sources.roleNames(organizationId),
    ...Array.from({ length: calls }, (_, i) => sources.organizationNames(organizationId, accountIds.slice(i * chunk, (i + 1) * chunk), spaceIds.slice(i * chunk, (i + 1) * chunk))),
  ]);
  const accounts = new Map(answers.flatMap((a) => a.accounts).map((a) => [a.id, a.name]));
  const spaces = new Map(answers.flatMap((a) => a.spaces).map((s) => [s.id, s.name]));
  const roleNames = new Map(roles.map((r) => [r.id, r.name]));
  return {
    organization: answers[0].organizationName ?? 'your organization',
    inviterOf: (accountId) => (accountId && accounts.get(accountId)) || 'A member',
    roleOf: (roleId) => roleNames.get(roleId) ?? 'a role',
    spaceOf: (spaceId) => (spaceId ? (spaces.get(spaceId) ?? 'a space') : null),
  };
}
