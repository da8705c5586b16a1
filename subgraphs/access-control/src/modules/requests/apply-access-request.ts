import { DataSource } from 'typeorm';
import { ChangeOutcome, MemberViewer, RouteInput, noPermissions, satisfies } from '@gatehouse/shared';
import { applyAccessRequestRoute } from '@gatehouse/access-control-contracts';
import { AccessControlResult } from '../../errors/access-control-error-code';
import { accessControlPolicy } from '../../policy';
import { GroupsService } from '../groups/groups.service';
import { OrganizationSettings } from '../members/organization-settings.entity';
import { effectiveOf } from '../permissions/contributions';
import { PermissionSourcesService } from '../permissions/permission-sources.service';
import { Role } from '../roles/role.entity';
import { RoleAssignmentsService } from '../roles/role-assignments.service';

export interface AccessRequestDeps {
  dataSource: DataSource;
  permissionSources: PermissionSourcesService;
  roleAssignments: RoleAssignmentsService;
  groups: GroupsService;
}

/** A refusal as the route answers it: the direct mutation's first userError. */
function refusedBy(result: AccessControlResult<unknown>): ChangeOutcome | null {
  if (result.ok) return null;
  const [first] = result.errors;
  return { outcome: 'REFUSED', code: first.code, message: first.message, field: first.field };
}

/**
 * The admin's own assignRole or addGroupMembers, for an inquiry's permission request: the admin's
 * permissions as access control resolves them (not as the caller says), the mutation's field rule,
 * then the service with all its rules; the change's event carries the inquiry.
 */
export async function applyAccessRequest(deps: AccessRequestDeps, input: RouteInput<typeof applyAccessRequestRoute>): Promise<ChangeOutcome> {
  const { organizationId, actorId, inquiryId, targetId, groupId, spaceId } = input;
  const sources = (await deps.permissionSources.sourcesOf(organizationId, [actorId])).get(actorId);
  const actor: MemberViewer = { kind: 'member', accountId: actorId, organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions: sources ? effectiveOf(sources) : noPermissions };
  const cause = { inquiryId };
  if (groupId) {
    if (!satisfies(accessControlPolicy.Mutation.addGroupMembers, actor, null)) return { outcome: 'FORBIDDEN', message: 'Adding members to a group takes what addGroupMembers requires (Team Members WRITE).' };
    const result = await deps.groups.changeMembers(actor, groupId, [targetId], 'ADDED', cause);
    return refusedBy(result) ?? { outcome: 'APPLIED', summary: `Added you to the group ${result.ok ? result.value.name : groupId}.` };
  }
  if (!satisfies(accessControlPolicy.Mutation.assignRole, actor, null)) return { outcome: 'FORBIDDEN', message: 'Giving roles takes what assignRole requires (Team Roles WRITE).' };
  // A space alone: the organization's default role in it (what a new member gets organization-wide).
  const roleId = input.roleId ?? (await deps.dataSource.getRepository(OrganizationSettings).findOneBy({ organizationId }))?.defaultRoleId ?? null;
  if (!roleId) return { outcome: 'REFUSED', code: 'ROLE_NOT_FOUND', message: 'The organization has no default role to give in the space.', field: ['input', 'roleId'] };
  const refusal = refusedBy(await deps.roleAssignments.assign(actor, { userId: targetId, roleId, spaceId }, cause));
  if (refusal) return refusal;
  const role = await deps.dataSource.getRepository(Role).findOneBy({ id: roleId, organizationId });
  return { outcome: 'APPLIED', summary: `Gave you the role ${role?.name ?? roleId} ${spaceId ? 'in the requested space' : 'across the organization'}.` };
}
