import { RuleViolation, ok, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { Actor } from '../users/actor';
import { MemberGuard } from '../users/member-guard';
import { SessionsService } from './sessions.service';

/** An admin signing a member out of this organization everywhere, under the rule for acting on members. */
export class MemberSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly guard: MemberGuard,
  ) {}

  async endFor(actor: Actor, accountId: string): Promise<IdentityResult<number>> {
    if (accountId === actor.accountId) return refused(new RuleViolation('SELF_SESSION_END', 'Use logOut or logOutEverywhere for your own sessions.', ['input', 'userId']));
    const refusal = await this.guard.mayActOn(actor, accountId, 'SESSIONS');
    if (refusal) return refused(refusal);
    return ok(await this.sessions.end(accountId, { organizationId: actor.organizationId }, actor.accountId));
  }
}
