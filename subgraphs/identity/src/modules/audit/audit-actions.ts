import { DomainEvent } from '@gatehouse/shared';
import { AccessControlEventType } from '@gatehouse/access-control-contracts';
import { IdentityEventType } from '@gatehouse/identity-contracts';
import { InquiriesEventType } from '@gatehouse/inquiries-contracts';
import { InvitationsEventType } from '@gatehouse/invitations-contracts';
import { MeteringEventType } from '@gatehouse/metering-contracts';

/** What an audit entry records; one value per kind of security-relevant change. */
export enum AuditAction {
  ORGANIZATION_CREATED = 'ORGANIZATION_CREATED',
  USER_SIGNED_UP = 'USER_SIGNED_UP',
  USER_CREATED = 'USER_CREATED',
  USER_UPDATED = 'USER_UPDATED',
  USER_ACTIVATED = 'USER_ACTIVATED',
  USER_DEACTIVATED = 'USER_DEACTIVATED',
  USER_DELETED = 'USER_DELETED',
  ROLE_CHANGE = 'ROLE_CHANGE',
  ROLE_CREATED = 'ROLE_CREATED',
  ROLE_UPDATED = 'ROLE_UPDATED',
  ROLE_DELETED = 'ROLE_DELETED',
  DEFAULT_ROLE_CHANGED = 'DEFAULT_ROLE_CHANGED',
  PROFILE_CREATED = 'PROFILE_CREATED',
  PROFILE_UPDATED = 'PROFILE_UPDATED',
  PROFILE_DELETED = 'PROFILE_DELETED',
  PROFILE_ASSIGNED = 'PROFILE_ASSIGNED',
  PROFILE_REVOKED = 'PROFILE_REVOKED',
  GROUP_CREATED = 'GROUP_CREATED',
  GROUP_UPDATED = 'GROUP_UPDATED',
  GROUP_DELETED = 'GROUP_DELETED',
  GROUP_MEMBERS_CHANGED = 'GROUP_MEMBERS_CHANGED',
  GROUP_UNIT_LINKED = 'GROUP_UNIT_LINKED',
  GROUP_UNIT_UNLINKED = 'GROUP_UNIT_UNLINKED',
  DEFAULT_PERMISSIONS_CHANGED = 'DEFAULT_PERMISSIONS_CHANGED',
  RESOURCE_ACCESS_CHANGED = 'RESOURCE_ACCESS_CHANGED',
  SUPER_ADMIN_DESIGNATED = 'SUPER_ADMIN_DESIGNATED',
  LOGIN_SUCCEEDED = 'LOGIN_SUCCEEDED',
  LOGIN_FAILED = 'LOGIN_FAILED',
  SESSIONS_ENDED = 'SESSIONS_ENDED',
  API_KEY_CREATED = 'API_KEY_CREATED',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
  SPACE_CREATED = 'SPACE_CREATED',
  SPACE_RENAMED = 'SPACE_RENAMED',
  SPACE_ARCHIVED = 'SPACE_ARCHIVED',
  SPACE_RESTORED = 'SPACE_RESTORED',
  UNIT_MEMBERSHIP_CHANGED = 'UNIT_MEMBERSHIP_CHANGED',
  DIRECTORY_SYNCED = 'DIRECTORY_SYNCED',
  SCIM_TOKEN_CREATED = 'SCIM_TOKEN_CREATED',
  SCIM_TOKEN_REVOKED = 'SCIM_TOKEN_REVOKED',
  INVITATION_SENT = 'INVITATION_SENT',
  INVITATION_RESENT = 'INVITATION_RESENT',
  INVITATION_REVOKED = 'INVITATION_REVOKED',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
  USAGE_SETTINGS_CHANGED = 'USAGE_SETTINGS_CHANGED',
  LIMIT_CHANGED = 'LIMIT_CHANGED',
  INQUIRY_CREATED = 'INQUIRY_CREATED',
  INQUIRY_STATUS_CHANGED = 'INQUIRY_STATUS_CHANGED',
  INQUIRY_ASSIGNED = 'INQUIRY_ASSIGNED',
  INQUIRY_REQUEST_APPLIED = 'INQUIRY_REQUEST_APPLIED',
}

/** Who did it. */
export type ActorType = 'USER' | 'API_KEY' | 'DIRECTORY' | 'SYSTEM';

/** One entry to append, before it gets its place in the chain. */
export interface AuditRecord {
  /** Null: the organizations of `accountOf` (events about an account, e.g. a password reset). */
  organizationId: string | null;
  accountOf?: string;
  action: AuditAction;
  actorType: ActorType;
  actorId: string | null;
  targetType: 'USER' | 'ORGANIZATION' | 'ROLE' | 'SPACE' | 'API_KEY' | 'UNIT' | 'GROUP' | 'PROFILE' | 'INVITATION' | 'INQUIRY' | null;
  targetId: string | null;
  details: Record<string, unknown>;
  /** Keys of `details` that hold account ids (stored as pseudonyms, like USER actors and targets). */
  accountDetails?: string[];
  /** The entry records the account's removal from the organization: its pseudonym link goes too. */
  erasesTarget?: boolean;
}

type Payload = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** The actor of an event: an account, or the machine credential / directory that acted. */
function actorOf(p: Payload): Pick<AuditRecord, 'actorType' | 'actorId'> {
  const type = text(p.actorType);
  if (type === 'API_KEY' || type === 'DIRECTORY' || type === 'SYSTEM') return { actorType: type, actorId: text(p.actorId) };
  return text(p.actorId) ? { actorType: 'USER', actorId: text(p.actorId) } : { actorType: 'SYSTEM', actorId: null };
}

const userRecord = (p: Payload, action: AuditAction, details: Record<string, unknown>): AuditRecord => ({
  organizationId: text(p.organizationId),
  accountOf: text(p.accountId) ?? undefined,
  action,
  ...actorOf(p),
  targetType: 'USER',
  targetId: text(p.accountId),
  details,
});

type AuditedEventType = IdentityEventType | AccessControlEventType | InvitationsEventType | InquiriesEventType | MeteringEventType;
type RecordsOf = (p: Payload) => AuditRecord[];

/**
 * Every audited event type (of identity's, access control's, invitations', inquiries' and metering's contracts, which validated the
 * payload before it gets here) and the entries it produces. Events not listed here (projections'
 * bookkeeping) are not security-relevant and are not logged.
 */
export const auditedEvents: { readonly [T in AuditedEventType]?: RecordsOf } = {
  // The event was named ROLE_CHANGE before issue 12; the audit action keeps that name (users filter on it).
  'role_assignment.changed': (p) => [
    {
      organizationId: text(p.organizationId),
      action: AuditAction.ROLE_CHANGE,
      ...actorOf(p),
      targetType: 'USER',
      targetId: text(p.targetId),
      details: { roleId: p.roleId, roleName: p.roleName, change: p.change, scope: p.scope ?? 'ORGANIZATION', spaceId: p.spaceId ?? null, rolesBefore: p.rolesBefore, rolesAfter: p.rolesAfter, ...inquiryLink(p) },
    },
  ],
  'role.created': (p) => [roleRecord(p, AuditAction.ROLE_CREATED, { name: p.name, grants: p.grants })],
  'role.updated': (p) => [roleRecord(p, AuditAction.ROLE_UPDATED, { name: p.name, before: p.before, after: p.after })],
  'role.deleted': (p) => [roleRecord(p, AuditAction.ROLE_DELETED, { name: p.name, reassignedTo: p.reassignedTo, affectedMembers: Array.isArray(p.affectedAccountIds) ? p.affectedAccountIds.length : 0 })],
  'organization.default_role_changed': (p) => [roleRecord(p, AuditAction.DEFAULT_ROLE_CHANGED, { name: p.name, previousRoleId: p.previousRoleId })],
  'profile.created': (p) => [targetRecord(p, AuditAction.PROFILE_CREATED, 'PROFILE', p.profileId, { name: p.name, roles: p.roles })],
  'profile.updated': (p) => [targetRecord(p, AuditAction.PROFILE_UPDATED, 'PROFILE', p.profileId, { name: p.name, rolesBefore: p.rolesBefore, rolesAfter: p.rolesAfter })],
  'profile.deleted': (p) => [targetRecord(p, AuditAction.PROFILE_DELETED, 'PROFILE', p.profileId, { name: p.name })],
  'profile.assigned': (p) => [targetRecord(p, AuditAction.PROFILE_ASSIGNED, 'USER', p.targetId, { profileId: p.profileId, name: p.name })],
  'profile.revoked': (p) => [targetRecord(p, AuditAction.PROFILE_REVOKED, 'USER', p.targetId, { profileId: p.profileId, name: p.name })],
  'group.created': (p) => [targetRecord(p, AuditAction.GROUP_CREATED, 'GROUP', p.groupId, { name: p.name, grants: p.grants })],
  'group.updated': (p) => [targetRecord(p, AuditAction.GROUP_UPDATED, 'GROUP', p.groupId, { name: p.name, before: p.before, after: p.after })],
  'group.deleted': (p) => [targetRecord(p, AuditAction.GROUP_DELETED, 'GROUP', p.groupId, { name: p.name })],
  'group.members_changed': (p) =>
    ((p.accountIds as string[]) ?? []).map((accountId) => targetRecord(p, AuditAction.GROUP_MEMBERS_CHANGED, 'USER', accountId, { groupId: p.groupId, name: p.name, change: p.change, ...inquiryLink(p) })),
  'group.unit_linked': (p) => [targetRecord(p, AuditAction.GROUP_UNIT_LINKED, 'GROUP', p.groupId, { name: p.name, unitId: p.unitId })],
  'group.unit_unlinked': (p) => [targetRecord(p, AuditAction.GROUP_UNIT_UNLINKED, 'GROUP', p.groupId, { name: p.name, unitId: p.unitId })],
  'organization.default_permissions_changed': (p) => [targetRecord(p, AuditAction.DEFAULT_PERMISSIONS_CHANGED, 'ORGANIZATION', p.organizationId, { before: p.before, after: p.after })],
  'resource.access_changed': (p) => [targetRecord(p, AuditAction.RESOURCE_ACCESS_CHANGED, null, null, { resourceType: p.resourceType, resourceId: p.resourceId, visibility: p.visibility, entries: p.entries })],
  'organization.created': (p) => [
    { organizationId: text(p.organizationId), action: AuditAction.ORGANIZATION_CREATED, actorType: 'USER', actorId: text(p.firstAccountId), targetType: 'ORGANIZATION', targetId: text(p.organizationId), details: {} },
  ],
  'membership.created': (p) =>
    p.isFirstUser
      ? []
      : [userRecord(p, p.actorId || p.actorType ? AuditAction.USER_CREATED : AuditAction.USER_SIGNED_UP, { status: p.status, roleId: p.roleId ?? null, via: p.via ?? null, ...(p.spaceId ? { spaceId: p.spaceId } : {}) })],
  'memberships.imported': (p) =>
    ((p.members as { accountId: string; roleId: string | null }[]) ?? []).map((m) => userRecord({ ...p, accountId: m.accountId }, AuditAction.USER_CREATED, { status: 'ACTIVE', roleId: m.roleId, via: 'CSV_IMPORT' })),
  'account.updated': (p) => [userRecord(p, AuditAction.USER_UPDATED, { fields: p.fields })],
  'membership.status_changed': (p) => [userRecord(p, p.to === 'ACTIVE' ? AuditAction.USER_ACTIVATED : AuditAction.USER_DEACTIVATED, { from: p.from, to: p.to })],
  'user.deleted': (p) => [{ ...userRecord(p, AuditAction.USER_DELETED, { accountDeleted: p.accountDeleted }), accountOf: undefined, erasesTarget: true }],
  'organization.designated_super_admin_changed': (p) => [
    { organizationId: text(p.organizationId), action: AuditAction.SUPER_ADMIN_DESIGNATED, ...actorOf(p), targetType: 'USER', targetId: text(p.to), details: { previous: p.from ?? null }, accountDetails: ['previous'] },
  ],
  'session.started': (p) => [{ ...userRecord({ ...p, actorId: p.accountId }, AuditAction.LOGIN_SUCCEEDED, { clientAddress: p.clientAddress ?? null, method: p.method ?? 'PASSWORD' }) }],
  'login.failed': (p) => [userRecord(p, AuditAction.LOGIN_FAILED, { clientAddress: p.clientAddress ?? null, reason: p.reason })],
  'session.ended': (p) => [userRecord({ ...p, actorId: p.actorId ?? p.accountId }, AuditAction.SESSIONS_ENDED, { scope: p.familyId ? 'SESSION' : p.organizationId ? 'ORGANIZATION' : 'EVERYWHERE' })],
  'api_key.created': (p) => [keyRecord(p, AuditAction.API_KEY_CREATED)],
  'api_key.revoked': (p) => [keyRecord(p, AuditAction.API_KEY_REVOKED)],
  'scim_token.created': (p) => [keyRecord(p, AuditAction.SCIM_TOKEN_CREATED)],
  'scim_token.revoked': (p) => [keyRecord(p, AuditAction.SCIM_TOKEN_REVOKED)],
  'space.created': (p) => [spaceRecord(p, AuditAction.SPACE_CREATED)],
  'space.renamed': (p) => [spaceRecord(p, AuditAction.SPACE_RENAMED)],
  'space.archived': (p) => [spaceRecord(p, AuditAction.SPACE_ARCHIVED)],
  'space.restored': (p) => [spaceRecord(p, AuditAction.SPACE_RESTORED)],
  'unit_membership.changed': (p) => [
    userRecord(p, AuditAction.UNIT_MEMBERSHIP_CHANGED, { unitId: p.unitId, change: p.change, managedBy: p.managedBy }),
  ],
  'directory.synced': (p) => [
    { organizationId: text(p.organizationId), action: AuditAction.DIRECTORY_SYNCED, ...actorOf(p), targetType: 'ORGANIZATION', targetId: text(p.organizationId), details: { source: p.source, summary: p.summary } },
  ],
  'invitation.sent': (p) => [invitationRecord(p, AuditAction.INVITATION_SENT)],
  'invitation.resent': (p) => [invitationRecord(p, AuditAction.INVITATION_RESENT)],
  // `reason`: the invitations service closed it itself (its space archived, the invitee added otherwise, its role deleted).
  'invitation.revoked': (p) => [{ ...invitationRecord(p, AuditAction.INVITATION_REVOKED), ...(p.reason ? { details: { ...invitationDetails(p), reason: text(p.reason) } } : {}) }],
  // The actor is the account that accepted (the invitee); `accountId` is kept as a pseudonym like any account in details.
  'invitation.accepted': (p) => [{ ...invitationRecord(p, AuditAction.INVITATION_ACCEPTED), details: { ...invitationDetails(p), accountId: text(p.accountId) }, accountDetails: ['accountId'] }],
  // The organization's usage time zone: where its days (the dashboard's, daily limits') begin.
  'usage_settings.changed': (p) => [targetRecord(p, AuditAction.USAGE_SETTINGS_CHANGED, 'ORGANIZATION', p.organizationId, { before: p.before, after: p.after })],
  // A daily token limit: the organization's default, a unit's, a group's or a member's (model null: all models).
  'token_limit.changed': (p) => {
    const details = { level: p.level, model: p.model ?? null, before: p.before ?? null, after: p.after ?? null, ...inquiryLink(p) };
    if (p.level === 'USER') return [userRecord({ ...p, accountId: p.targetId }, AuditAction.LIMIT_CHANGED, details)];
    return [targetRecord(p, AuditAction.LIMIT_CHANGED, p.level === 'ORGANIZATION' ? 'ORGANIZATION' : p.level === 'GROUP' ? 'GROUP' : 'UNIT', p.level === 'ORGANIZATION' ? p.organizationId : p.targetId, details)];
  },
  // Inquiries: every state change of a card (its author is kept as a pseudonym, like any account in details).
  'inquiry.created': (p) => [inquiryRecord(p, AuditAction.INQUIRY_CREATED, { type: p.type, subtype: p.subtype })],
  'inquiry.status_changed': (p) => [inquiryRecord(p, AuditAction.INQUIRY_STATUS_CHANGED, { from: p.from, to: p.to })],
  'inquiry.assigned': (p) => [{ ...inquiryRecord(p, AuditAction.INQUIRY_ASSIGNED, { assigneeId: text(p.assigneeId), previousAssigneeId: text(p.previousAssigneeId) }), accountDetails: ['authorId', 'assigneeId', 'previousAssigneeId'] }],
  'inquiry.request_applied': (p) => [inquiryRecord(p, AuditAction.INQUIRY_REQUEST_APPLIED, { change: p.change })],
};

/** What an invitation entry says: to whom, with which role, in which space (null: the organization), until when. */
function invitationDetails(p: Payload): Record<string, unknown> {
  return { email: p.email, roleId: p.roleId, spaceId: p.spaceId ?? null, expiresAt: p.expiresAt };
}

function inquiryRecord(p: Payload, action: AuditAction, details: Record<string, unknown>): AuditRecord {
  return { ...targetRecord(p, action, 'INQUIRY', p.inquiryId, { authorId: text(p.authorId), ...details }), accountDetails: ['authorId'] };
}

function invitationRecord(p: Payload, action: AuditAction): AuditRecord {
  return targetRecord(p, action, 'INVITATION', p.invitationId, invitationDetails(p));
}

function targetRecord(p: Payload, action: AuditAction, targetType: AuditRecord['targetType'], targetId: unknown, details: Record<string, unknown>): AuditRecord {
  return { organizationId: text(p.organizationId), action, ...actorOf(p), targetType, targetId: text(targetId), details };
}

function roleRecord(p: Payload, action: AuditAction, details: Record<string, unknown>): AuditRecord {
  return { organizationId: text(p.organizationId), action, ...actorOf(p), targetType: 'ROLE', targetId: text(p.roleId), details };
}

function keyRecord(p: Payload, action: AuditAction): AuditRecord {
  return { organizationId: text(p.organizationId), action, ...actorOf(p), targetType: 'API_KEY', targetId: text(p.keyId), details: { name: p.name, prefix: p.prefix, grants: p.grants ?? null } };
}

function spaceRecord(p: Payload, action: AuditAction): AuditRecord {
  return { organizationId: text(p.organizationId), action, ...actorOf(p), targetType: 'SPACE', targetId: text(p.spaceId), details: { name: p.name, previousName: p.previousName ?? null } };
}

/** A change made by applying an inquiry's request names the inquiry (its entry links to it). */
function inquiryLink(p: Payload): { inquiryId?: string } {
  const inquiryId = text(p.inquiryId);
  return inquiryId ? { inquiryId } : {};
}

/** The entries an event produces (none for events the log does not track). */
export function auditRecordsOf(event: DomainEvent): AuditRecord[] {
  const byType: Readonly<Record<string, RecordsOf | undefined>> = auditedEvents;
  return Object.hasOwn(byType, event.type) ? (byType[event.type]?.(event.payload) ?? []) : [];
}
