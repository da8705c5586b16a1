import { GraphQLError } from 'graphql';
import { ChangeOutcome, MemberViewer, PermissionSet, RouteInput, noPermissions, satisfies } from '@gatehouse/shared';
import { applyLimitRequestRoute } from '@gatehouse/metering-contracts';
import { meteringPolicy } from '../../policy';
import { TokenLimitsService } from './token-limits.service';

/**
 * The admin's own setTokenLimit on the inquiry's author (USER level, all models), for its
 * requested daily token limit: the admin's permissions as access control resolves them, the
 * mutation's field rule, then the service's rules (Scoped Limits WRITE, not on oneself, not on
 * someone holding more); the change's event carries the inquiry.
 */
export async function applyLimitRequest(limits: TokenLimitsService, permissionsOf: (organizationId: string, accountId: string) => Promise<PermissionSet | null>, input: RouteInput<typeof applyLimitRequestRoute>): Promise<ChangeOutcome> {
  const { organizationId, actorId, inquiryId, targetId, dailyTokens } = input;
  const actor: MemberViewer = { kind: 'member', accountId: actorId, organizationId, sessionId: null, membershipStatus: 'ACTIVE', permissions: (await permissionsOf(organizationId, actorId)) ?? noPermissions };
  if (!satisfies(meteringPolicy.Mutation.setTokenLimit, actor, null)) return { outcome: 'FORBIDDEN', message: 'Setting a member\'s daily token limit takes Scoped Limits WRITE.' };
  try {
    const result = await limits.change(actor, { level: 'USER', targetId, model: null }, dailyTokens, { inquiryId });
    if (!result.ok) return { outcome: 'REFUSED', code: result.errors[0].code, message: result.errors[0].message, field: result.errors[0].field };
  } catch (error) {
    // The service's own area check (the level's area) answers FORBIDDEN like the field rule.
    if (error instanceof GraphQLError && error.extensions.code === 'FORBIDDEN') return { outcome: 'FORBIDDEN', message: error.message };
    throw error;
  }
  return { outcome: 'APPLIED', summary: `Set your daily token limit to ${dailyTokens === 0 ? 'unlimited' : `${dailyTokens.toLocaleString('en-US')} tokens`}.` };
}
