import { PermissionSet, RequestSigner, callRoute, noPermissions } from '@gatehouse/shared';
import { viewerPermissionsRoute } from '@gatehouse/access-control-contracts';
import { timeLeftMs, valueWithin } from './request-deadline';
import { remember } from './viewer-cache';

/** How old a last-known viewer may be and still stand in while access control is unreachable. */
const staleForMs = 5 * 60_000;
/**
 * The part of a request's time the viewer look-up may spend waiting for access control: the rest
 * is kept for the query's own fetches, so a frozen access control still leaves time for identity's
 * part of the answer within the one deadline.
 */
const permissionsShareOfDeadline = 0.5;

/**
 * Members' effective permissions from access control, with a stale fallback: one look-up per
 * viewer in flight, shared by the requests that need it, and the last answer kept to stand in
 * while access control is away. Keys are `<accountId>:<organizationId>:<session>`.
 */
export class PermissionLookups {
  private readonly lastKnown = new Map<string, { permissions: PermissionSet; at: number }>();
  private readonly inFlight = new Map<string, Promise<PermissionSet | null>>();
  /**
   * False since access control last failed to answer (refused, or past a deadline), true again
   * when it answers. While false, a viewer with last-known permissions is served them at once
   * instead of waiting for a service that is probably still away; the look-up goes on behind.
   */
  private accessControlAnswering = true;

  constructor(
    private readonly accessControlUrl: () => string,
    private readonly signer: RequestSigner,
  ) {}

  /**
   * The member's effective permissions: from access control, or, when it does not answer within
   * its share of the deadline, what we last knew (at most `staleForMs` old), else none. While
   * access control is known to be away, last-known permissions are served without waiting for it.
   */
  async permissions(key: string, accountId: string, organizationId: string, deadline: number): Promise<PermissionSet> {
    const lookup = this.inFlight.get(key) ?? this.lookUp(key, accountId, organizationId, deadline);
    const last = this.lastKnown.get(key);
    const lastKnown = last && Date.now() - last.at < staleForMs ? last.permissions : null;
    if (!this.accessControlAnswering && lastKnown) return lastKnown;
    return (await valueWithin(lookup, timeLeftMs(deadline) * permissionsShareOfDeadline)) ?? lastKnown ?? noPermissions;
  }

  /** Forgets what is known, and what is being looked up, for the keys that match. */
  forget(matches: (key: string) => boolean): void {
    for (const map of [this.lastKnown, this.inFlight]) {
      for (const key of map.keys()) if (matches(key)) map.delete(key);
    }
  }

  private lookUp(key: string, accountId: string, organizationId: string, deadline: number): Promise<PermissionSet | null> {
    const options = { signer: this.signer, timeoutMs: timeLeftMs(deadline) };
    const lookup: Promise<PermissionSet | null> = callRoute(viewerPermissionsRoute, this.accessControlUrl(), { accountId, organizationId }, options).then(
      ({ permissions }) => {
        this.accessControlAnswering = true;
        // An eviction while the look-up ran means its answer may predate the change: do not keep it.
        if (this.inFlight.get(key) === lookup) remember(this.lastKnown, key, { permissions, at: Date.now() });
        return permissions;
      },
      () => {
        this.accessControlAnswering = false;
        return null;
      },
    );
    remember(this.inFlight, key, lookup);
    void lookup.finally(() => this.inFlight.get(key) === lookup && this.inFlight.delete(key));
    return lookup;
  }
}
