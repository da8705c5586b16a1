import { z } from 'zod';
import { EventType, defineEvents } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer access control adds passes an older consumer.
const id = z.string().min(1);
/** Grants, before/after pictures: details the audit log records as they are. */
const detail = z.unknown();
const byActor = { organizationId: id, actorId: z.string().nullable() };
const named = { ...byActor, name: z.string().optional() };

/** The events access control writes to its outbox. */
export const accessControlEvents = defineEvents(
  'access-control',
  {
    /** A member's roles changed (audited as ROLE_CHANGE, Cloosphere's audit event). REASSIGNED: the role they held was deleted and they got `roleId` instead. */
    'role_assignment.changed': z.looseObject({
      ...byActor,
      targetId: id,
      roleId: id,
      roleName: z.string(),
      change: z.enum(['ASSIGNED', 'REVOKED', 'REASSIGNED']),
      scope: z.enum(['ORGANIZATION', 'SPACE']),
      spaceId: z.string().nullable(),
      rolesBefore: z.array(z.string()),
      rolesAfter: z.array(z.string()),
      /** Given by applying this inquiry's request (applyInquiryRequest); absent: changed directly. */
      inquiryId: z.string().optional(),
    }),
    /** Access control applied identity's news (a new member's roles, a status, unit memberships); accountId null: any member. */
    'member.permissions_changed': z.looseObject({ organizationId: id, accountId: z.string().nullable() }),
    'role.created': z.looseObject({ ...named, roleId: id, grants: detail }),
    'role.updated': z.looseObject({ ...named, roleId: id, before: detail, after: detail }),
    /** `defaultRoleId`: the organization's default role when the role was deleted (invitations with the role fall back to it when no one was reassigned). */
    'role.deleted': z.looseObject({ ...named, roleId: id, reassignedTo: z.string().nullable(), affectedAccountIds: z.array(z.string()), defaultRoleId: z.string().nullable().optional() }),
    'organization.default_role_changed': z.looseObject({ ...named, roleId: id, previousRoleId: z.string().nullable() }),
    'profile.created': z.looseObject({ ...named, profileId: id, roles: z.array(z.string()) }),
    'profile.updated': z.looseObject({ ...named, profileId: id, rolesBefore: z.array(z.string()), rolesAfter: z.array(z.string()) }),
    'profile.deleted': z.looseObject({ ...named, profileId: id }),
    'profile.assigned': z.looseObject({ ...named, targetId: id, profileId: id }),
    'profile.revoked': z.looseObject({ ...named, targetId: id, profileId: id }),
    'group.created': z.looseObject({ ...named, groupId: id, grants: detail }),
    'group.updated': z.looseObject({ ...named, groupId: id, before: detail, after: detail }),
    'group.deleted': z.looseObject({ ...named, groupId: id }),
    /** `inquiryId`: added by applying that inquiry's request (applyInquiryRequest). */
    'group.members_changed': z.looseObject({ ...named, groupId: id, change: z.string(), accountIds: z.array(id), inquiryId: z.string().optional() }),
    'group.unit_linked': z.looseObject({ ...named, groupId: id, unitId: id }),
    'group.unit_unlinked': z.looseObject({ ...named, groupId: id, unitId: id }),
    'organization.default_permissions_changed': z.looseObject({ ...byActor, before: detail, after: detail }),
    'resource.access_changed': z.looseObject({ ...byActor, resourceType: z.string(), resourceId: z.string(), visibility: z.string(), entries: z.number() }),
  },
  // Renamed in issue 12 (one naming style): events written before the upgrade still arrive under the old name.
  { ROLE_CHANGE: 'role_assignment.changed' },
);

export type AccessControlEventType = EventType<typeof accessControlEvents>;
