import { z } from 'zod';
import { EventType, defineEvents, permissionSetSchema } from '@gatehouse/shared';

// Open objects (see defineEvents): a field a newer identity adds passes an older consumer.
const id = z.string().min(1);
const membershipStatus = z.enum(['ACTIVE', 'PENDING']);
/** Who acted, when not the account itself: a member, or the directory (SCIM) acting through its token. */
const actor = { actorId: z.string().nullable().optional(), actorType: z.string().optional() };
const unitMembership = z.object({ unitId: id, accountId: id });

/** A change to an organization's units or unit memberships, as access control's projection applies it. */
export const unitChangesSchema = z.object({
  unitsUpserted: z.array(z.object({ id, parentId: id.nullable() })).optional(),
  unitsRemoved: z.array(id).optional(),
  membershipsAdded: z.array(unitMembership).optional(),
  membershipsRemoved: z.array(unitMembership).optional(),
});
export type UnitChanges = z.output<typeof unitChangesSchema>;

const apiKey = { organizationId: id, actorId: id, keyId: id, name: z.string(), prefix: z.string() };
const space = { organizationId: id, spaceId: id, name: z.string(), actorId: id };

/** The events identity writes to its outbox; other subgraphs keep their projections from them. */
export const identityEvents = defineEvents('identity', {
  'organization.created': z.looseObject({ organizationId: id, name: z.string(), firstAccountId: id }),
  'membership.created': z.looseObject({
    organizationId: id,
    accountId: id,
    status: membershipStatus,
    isFirstUser: z.boolean(),
    /** The role an admin chose when creating the user (access control falls back to the default role). */
    roleId: z.string().nullable().optional(),
    /** The space `roleId` is given in (an accepted space invitation); absent or null: the whole organization. */
    spaceId: z.string().nullable().optional(),
    ...actor,
    /** How the member was added when not by sign-up or an admin by hand (e.g. SCIM, invitation). */
    via: z.string().nullable().optional(),
    /** The invitation the membership fulfils (via INVITATION). */
    invitationId: z.string().optional(),
    /** The account's address (trimmed, lower-cased) when an admin or the directory added it: invitations closes its pending invites. */
    email: z.string().optional(),
  }),
  /** A CSV import announces its members a chunk at a time (`email` trimmed, lower-cased). */
  'memberships.imported': z.looseObject({ organizationId: id, actorId: id, members: z.array(z.object({ accountId: id, roleId: z.string().nullable(), email: z.string().optional() })) }),
  'membership.status_changed': z.looseObject({ organizationId: id, accountId: id, ...actor, from: membershipStatus, to: membershipStatus }),
  /** `accountDeleted`: the account had no other organization and is gone entirely (purge everything of it). */
  'user.deleted': z.looseObject({ organizationId: id, accountId: id, accountDeleted: z.boolean(), ...actor }),
  'account.updated': z.looseObject({ accountId: id, organizationId: z.string().optional(), ...actor, fields: z.array(z.string()) }),
  'organization.designated_super_admin_changed': z.looseObject({ organizationId: id, from: z.string().nullable(), to: id, actorId: id }),
  'session.started': z.looseObject({ accountId: id, organizationId: id, method: z.string(), clientAddress: z.string().nullable() }),
  /** One family (`familyId`), every session in one organization (`organizationId`), or (neither) everywhere. */
  'session.ended': z.looseObject({ accountId: id, actorId: z.string().optional(), familyId: z.string().optional(), organizationId: z.string().optional() }),
  'login.failed': z.looseObject({ accountId: id, reason: z.string(), clientAddress: z.string().nullable() }),
  'api_key.created': z.looseObject({ ...apiKey, grants: permissionSetSchema.nullable() }),
  'api_key.revoked': z.looseObject(apiKey),
  'scim_token.created': z.looseObject({ ...apiKey, grants: permissionSetSchema.nullable() }),
  'scim_token.revoked': z.looseObject(apiKey),
  'space.created': z.looseObject(space),
  'space.renamed': z.looseObject({ ...space, previousName: z.string() }),
  'space.archived': z.looseObject(space),
  'space.restored': z.looseObject(space),
  /** One part of a change to units (at most 500 items): units before the memberships that name them. */
  'org_units.changed': z.looseObject({ organizationId: id, ...unitChangesSchema.shape }),
  'unit_membership.changed': z.looseObject({ organizationId: id, accountId: id, unitId: id, change: z.string(), managedBy: z.string(), ...actor }),
  'directory.synced': z.looseObject({ organizationId: id, ...actor, source: z.string(), summary: z.unknown() }),
});

export type IdentityEventType = EventType<typeof identityEvents>;
