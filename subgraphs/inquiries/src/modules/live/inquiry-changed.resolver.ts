import { Resolver, Root, Subscription } from 'type-graphql';
import { Area, Level, LiveContext, Viewer, forbidden, organizationIdOf, unauthenticated, viewerCan, whileAllowed } from '@gatehouse/shared';
import { InquiriesContext } from '../../context';
import { PublishedInquiryChange, authorTopic, boardTopic, revivedInquiry, revivedReply } from './inquiry-changes';
import { InquiryChangeType } from './inquiry-changed.types';

function revived(published: unknown): InquiryChangeType {
  const { change, changedAt, inquiry, reply } = published as PublishedInquiryChange;
  return { change, changedAt: new Date(changedAt), inquiry: revivedInquiry(inquiry), reply: reply ? revivedReply(reply) : null };
}

/**
 * The organization's board as it changes: checked when it starts and whenever the gateway sends a
 * changed viewer (ending with FORBIDDEN once Inquiries READ is gone). Only the viewer's organization's topic.
 */
function boardChanges(ctx: InquiriesContext & LiveContext): AsyncIterableIterator<InquiryChangeType> {
  const organizationId = organizationIdOf(ctx.viewer);
  if (!organizationId) throw unauthenticated();
  const allowed = (viewer: Viewer) => viewerCan(viewer, Area.INQUIRIES, Level.READ);
  return whileAllowed(ctx, allowed, () => forbidden('Watching the inquiries board takes Inquiries READ.'), ctx.services.pubsub.subscribe(boardTopic(organizationId)), revived);
}

/** The viewer's own inquiries as admins answer and move them (a member awaiting approval too); never internal notes. */
function ownChanges(ctx: InquiriesContext & LiveContext): AsyncIterableIterator<InquiryChangeType> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') throw forbidden('Your inquiries are watched by a signed-in member.');
  const allowed = (now: Viewer) => now.kind === 'member' && now.accountId === viewer.accountId && now.organizationId === viewer.organizationId;
  return whileAllowed(ctx, allowed, () => forbidden('This subscription follows the member who started it.'), ctx.services.pubsub.subscribe(authorTopic(viewer.organizationId, viewer.accountId)), revived);
}

@Resolver()
export class InquiryChangedResolver {
  @Subscription(() => InquiryChangeType, {
    description: 'The organization\'s inquiries board as cards are sent, moved, reordered, assigned, replied to, closed, reopened or removed (Inquiries READ).',
    subscribe: ({ context }) => boardChanges(context as InquiriesContext & LiveContext),
  })
  inquiryBoardChanged(@Root() change: InquiryChangeType): InquiryChangeType {
    return change;
  }

  @Subscription(() => InquiryChangeType, {
    description: 'Your own inquiries as admins reply to, move and resolve them, and as you close or reopen them (never internal notes).',
    subscribe: ({ context }) => ownChanges(context as InquiriesContext & LiveContext),
  })
  myInquiryChanged(@Root() change: InquiryChangeType): InquiryChangeType {
    return change;
  }
}
