import { Field, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { Area, Level, LiveContext, Viewer, forbidden, organizationIdOf, unauthenticated, viewerCan, whileAllowed } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { UserStub } from '../dashboard/usage.types';
import { LimitAlertNotice, limitAlertTopic } from './limit-alerts';

@ObjectType('TokenLimitAlert', { description: 'A member\'s usage crossed a threshold of their daily token limit (told once per member, model scope, threshold and day).' })
export class TokenLimitAlertType {
  @Field(() => UserStub, { description: 'The member.' })
  user: UserStub;

  @Field(() => String, { nullable: true, description: 'The model whose own limit it is; null: all models together.' })
  model: string | null;

  @Field(() => Int, { description: 'The threshold crossed, in percent of the limit (TOKEN_LIMIT_ALERT_PERCENTS: 80 and 100 by default).' })
  percent: number;

  @Field(() => SafeIntResolver, { description: 'The limit in force.' })
  limit: number;

  @Field(() => SafeIntResolver, { description: 'Tokens used today when it was crossed.' })
  usedToday: number;

  @Field(() => String, { description: 'The day, YYYY-MM-DD in the organization\'s time zone.' })
  date: string;

  @Field(() => DateTimeResolver, { description: 'When the usage that crossed it was recorded.' })
  at: Date;
}

/** Limit admins (either limit area, READ) hear about everyone; other members about themselves. */
function readsEveryonesLimits(viewer: Viewer): boolean {
  return viewerCan(viewer, Area.USAGE_LIMITS, Level.READ) || viewerCan(viewer, Area.SCOPED_LIMITS, Level.READ);
}

function ownerOf(viewer: Viewer): string | null {
  return viewer.kind === 'member' ? viewer.accountId : null;
}

@Resolver()
export class LimitAlertsResolver {
  @Subscription(() => TokenLimitAlertType, {
    description: 'Alerts when a member\'s usage crosses 80% and 100% (configurable) of their daily token limit: your own, or everyone\'s in the organization with Usage Limits or Scoped Limits READ. Each is told once a day.',
    subscribe: ({ context }) => {
      const ctx = context as MeteringContext & LiveContext;
      const organizationId = organizationIdOf(ctx.viewer);
      if (!organizationId) throw unauthenticated();
      const allowed = (viewer: Viewer) => (viewer.kind === 'member' && viewer.membershipStatus === 'ACTIVE') || (viewer.kind === 'apiKey' && readsEveryonesLimits(viewer));
      const refusal = () => forbidden('Limit alerts take an active membership, or an API key with Usage Limits or Scoped Limits READ.');
      // The viewer is read at each alert: a member who loses a limit area hears about themselves only from then on.
      return whileAllowed(ctx, allowed, refusal, ctx.services.pubsub.subscribe(limitAlertTopic(organizationId)), (payload) => {
        const notice = payload as LimitAlertNotice;
        if (notice.organizationId !== organizationId) return null;
        return readsEveryonesLimits(ctx.viewer) || ownerOf(ctx.viewer) === notice.userId ? alertValue(notice) : null;
      });
    },
  })
  tokenLimitReached(@Root() alert: TokenLimitAlertType): TokenLimitAlertType {
    return alert;
  }
}

function alertValue(n: LimitAlertNotice): TokenLimitAlertType {
  return { user: { id: n.userId }, model: n.model === '' ? null : n.model, percent: n.percent, limit: n.limit, usedToday: n.used, date: n.date, at: new Date(n.at) };
}
