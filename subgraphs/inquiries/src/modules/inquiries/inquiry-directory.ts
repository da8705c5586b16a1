import { Area, Level, PermissionSet, levelSatisfies } from '@gatehouse/shared';

/** A member as mail needs them. */
export interface MemberContact {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'PENDING';
}

/**
 * What the inquiries subgraph asks other services (identity about members and spaces, access
 * control about roles, groups and permissions); app.ts implements it over their internal routes.
 */
export interface InquiryDirectory {
  /** The organization's name and those of `accountIds` that are its members. */
  contacts(organizationId: string, accountIds: readonly string[]): Promise<{ organizationName: string | null; members: MemberContact[] }>;
  /** What each of `accountIds` holds in the organization (any scope, any status); a non-member is absent. */
  reach(organizationId: string, accountIds: readonly string[]): Promise<Map<string, PermissionSet>>;
  /** Whether the role, group and space (each when given) are the organization's (a space also: not archived). */
  requestTargetsExist(organizationId: string, targets: { roleId?: string | null; groupId?: string | null; spaceId?: string | null }): Promise<boolean>;
}

/** Those of `accountIds` who handle inquiries: ACTIVE members holding Inquiries WRITE. */
export async function inquiryAdmins(directory: InquiryDirectory, organizationId: string, accountIds: readonly string[]): Promise<MemberContact[]> {
  if (!accountIds.length) return [];
  const [reach, { members }] = await Promise.all([directory.reach(organizationId, accountIds), directory.contacts(organizationId, accountIds)]);
  return members.filter((m) => m.status === 'ACTIVE' && levelSatisfies(reach.get(m.id)?.levels[Area.INQUIRIES], Level.WRITE));
}
