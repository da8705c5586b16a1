import { Resolver, Root, Subscription } from 'type-graphql';
import { Area, Level, LiveContext, Viewer, forbidden, organizationIdOf, unauthenticated, viewerCan, whileAllowed } from '@gatehouse/shared';
import { InvitationsContext } from '../../context';
import { toInvitationType } from '../invitations/invitations.types';
import { PublishedInvitationChange, invitationsTopic, revivedInvitation } from './invitation-changes';
import { InvitationChangeType } from './invitation-changed.types';

/**
 * The viewer's organization's invitation changes. Authorized here (shield guards only each event's
 * resolution): when the subscription starts and whenever the gateway sends a changed viewer, ending
 * it with FORBIDDEN once Team Members READ is gone. The topic is the viewer's organization's: no
 * other organization's change reaches it.
 */
function invitationChanges(ctx: InvitationsContext & LiveContext): AsyncIterableIterator<InvitationChangeType> {
  const organizationId = organizationIdOf(ctx.viewer);
  if (!organizationId) throw unauthenticated();
  const allowed = (viewer: Viewer) => viewerCan(viewer, Area.TEAM_MEMBERS, Level.READ);
  return whileAllowed(ctx, allowed, () => forbidden('Watching invitations takes Team Members READ.'), ctx.services.pubsub.subscribe(invitationsTopic(organizationId)), (published) => {
    const { change, changedAt, invitation } = published as PublishedInvitationChange;
    // The status as of now: an EXPIRED notice shows EXPIRED, a later resend's PENDING.
    return { change, changedAt: new Date(changedAt), invitation: toInvitationType(revivedInvitation(invitation), ctx.services.now()) };
  });
}

@Resolver()
export class InvitationChangedResolver {
  @Subscription(() => InvitationChangeType, {
    description: 'The organization\'s invitations as they are sent, resent, revoked, accepted, expire or move to another role, for the pending list to update (Team Members READ).',
    subscribe: ({ context }) => invitationChanges(context as InvitationsContext & LiveContext),
  })
  invitationChanged(@Root() change: InvitationChangeType): InvitationChangeType {
    return change;
  }
}
