import { ChangeOutcome } from '@gatehouse/shared';

/** Who applies what, acting as the admin: the subgraph that owns the change (app.ts calls their internal routes). */
export interface RequestAppliers {
  access(request: { organizationId: string; actorId: string; inquiryId: string; targetId: string; roleId: string | null; spaceId: string | null; groupId: string | null }): Promise<ChangeOutcome>;
  limit(request: { organizationId: string; actorId: string; inquiryId: string; targetId: string; dailyTokens: number }): Promise<ChangeOutcome>;
}
