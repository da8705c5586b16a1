import { DataSource, ObjectLiteral, UpdateQueryBuilder } from 'typeorm';
import { RuleViolation, dateParameter } from '@gatehouse/shared';
import { InvitationsViolation } from '../../errors/invitations-error-code';
import { Invitation } from './invitation.entity';

/**
 * At most one resend per invitation every `intervalSeconds`. The first resend is always allowed
 * (an invitation never resent has `sentAt` equal to `createdAt`); after that, `sentAt` is the last
 * resend. The same rule is a condition of the UPDATE, so two resends at once cannot both pass.
 */
export class ResendThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly intervalSeconds: number,
  ) {}

  /** RESEND_TOO_SOON with when to retry, or null when the invitation may be resent at `now`. */
  tooSoon(invitation: Pick<Invitation, 'sentAt' | 'createdAt'>, now: number): InvitationsViolation | null {
    const resent = invitation.sentAt.getTime() !== invitation.createdAt.getTime();
    const allowedAt = invitation.sentAt.getTime() + this.intervalSeconds * 1000;
    if (!resent || now >= allowedAt) return null;
    const seconds = Math.ceil((allowedAt - now) / 1000);
    return new RuleViolation('RESEND_TOO_SOON', `The invitation was resent moments ago; resend it again in ${seconds} s (after ${new Date(allowedAt).toISOString()}).`, ['input', 'id']);
  }

  /** The resend's UPDATE, narrowed to an invitation `tooSoon` allows at `now`. */
  guarded<T extends ObjectLiteral>(update: UpdateQueryBuilder<T>, now: number): UpdateQueryBuilder<T> {
    return update.andWhere('(sentAt = createdAt OR sentAt <= :resendAllowedBefore)', { resendAllowedBefore: dateParameter(this.dataSource, now - this.intervalSeconds * 1000) });
  }
}
