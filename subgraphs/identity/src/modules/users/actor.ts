import { Area, Capability, Level, MemberViewer, PermissionSet, allAreas, allCapabilities } from '@gatehouse/shared';

/**
 * Who changes a user: a signed-in admin (a member viewer) or the organization's identity
 * provider acting through a SCIM token. Services take this, and events name the actor with it.
 */
export interface Actor {
  organizationId: string;
  /** The admin's account id, or the SCIM token's id for the directory. */
  accountId: string;
  sessionId: string | null;
  permissions: PermissionSet;
  actorType?: 'USER' | 'DIRECTORY';
}

/**
 * The identity provider: it provisions and deprovisions anyone (an IdP is the source of truth for
 * who works here), still under the organization's locks (first user, designated Super Admin).
 */
export function directoryActor(organizationId: string, tokenId: string): Actor {
  const permissions: PermissionSet = {
    levels: Object.fromEntries(allAreas.map((area: Area) => [area, Level.WRITE])),
    capabilities: [...allCapabilities] as Capability[],
  };
  return { organizationId, accountId: tokenId, sessionId: null, permissions, actorType: 'DIRECTORY' };
}

/** The actor fields an event carries, so the audit log can tell a person from the directory. */
export function actorFields(actor: Actor | MemberViewer): { actorId: string; actorType?: 'DIRECTORY' } {
  return 'actorType' in actor && actor.actorType === 'DIRECTORY' ? { actorId: actor.accountId, actorType: 'DIRECTORY' } : { actorId: actor.accountId };
}
