/**
 * Which of an organization's usage a viewer may see: all of it (Analytics READ in the
 * organization), or only usage in some spaces (Analytics READ granted there) and their own.
 */
export type UsageScope = { organizationId: string; all: true } | { organizationId: string; all: false; spaceIds: readonly string[]; userId: string | null };

/** What a dashboard narrows to (each optional; they combine). */
export interface UsageFilterValue {
  spaceId?: string | null;
  agentId?: string | null;
  userId?: string | null;
  computeTypes?: readonly string[] | null;
}
