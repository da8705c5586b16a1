import { ExecutionResult, GraphQLError, Kind, OperationDefinitionNode, ValueNode } from 'graphql';
import { Repeater } from '@graphql-yoga/subscription';
import { Viewer } from '@gatehouse/shared';
import { SubscriberConnection } from './subgraph-subscription';

/**
 * How one Subscription field may be shared by alike subscribers: its arguments that ask for a
 * replay (given, the subscription is its own) and those that only narrow the live stream.
 */
export type SharingRule = { shared: true; replayArguments: readonly string[]; narrowingArguments: readonly string[] } | { shared: false; why: string };

/**
 * Alike subscribers (the same credentials, client address, document and variables) share one
 * subgraph subscription, and each event's plan runs once for all of them: a thousand dashboards
 * of one admin cost one subscription upstream, not a thousand. A field is shared only when
 * nothing of its stream belongs to one subscriber: no replay asked for (a replay is that
 * subscriber's own past), no first message sent on subscribing, no memory of what it reported.
 * Every Subscription field of the supergraph is named here, each argument of a shared one too (a
 * test enumerates them from the schema): a field that is not is never shared.
 */
export const subscriptionSharing: Record<string, SharingRule> = {
  auditEventRecorded: { shared: true, replayArguments: ['afterPosition'], narrowingArguments: ['filter'] },
  invitationChanged: { shared: true, replayArguments: [], narrowingArguments: [] },
  inquiryBoardChanged: { shared: true, replayArguments: [], narrowingArguments: [] },
  myInquiryChanged: { shared: true, replayArguments: [], narrowingArguments: [] },
  tokenLimitReached: { shared: true, replayArguments: [], narrowingArguments: [] },
  usageUpdated: { shared: false, why: 'it opens with the dashboard as it is now, which a subscriber joining later must get too' },
  viewerPermissionsChanged: { shared: false, why: 'each subscription remembers what it last reported (`previous`) and reads its viewer afresh per event' },
};

function carriesValue(value: ValueNode, variables: Record<string, unknown>): boolean {
  if (value.kind === Kind.NULL) return false;
  if (value.kind === Kind.VARIABLE) return variables[value.name.value] !== undefined && variables[value.name.value] !== null;
  return true;
}

/** Whether every root field of the subscription may be shared (and none is asked to replay). */
export function mayShare(operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  return operation.selectionSet.selections.every((selection) => {
    if (selection.kind !== Kind.FIELD) return false;
    if (selection.name.value === '__typename') return true;
    const rule = subscriptionSharing[selection.name.value];
    if (!rule?.shared) return false;
    return !(selection.arguments ?? []).some((argument) => rule.replayArguments.includes(argument.name.value) && carriesValue(argument.value, variables));
  });
}

/** Two viewers that may do the same (a re-read viewer equal to the one held changes nothing). */
export const sameAccess = (a: Viewer, b: Viewer) => JSON.stringify(a) === JSON.stringify(b);

interface Member {
  push(result: ExecutionResult): unknown;
  stop(error?: unknown): void;
}

interface Group {
  /** The viewer the subgraph subscription runs as, and its re-send hook: what each member's connection would be. */
  holder: SubscriberConnection;
  members: Set<Member>;
  feed: AsyncIterableIterator<ExecutionResult>;
}

/** Events queued for one subscriber at most before it is dropped (a client that stopped reading). */
const maxQueuedEvents = 1000;

/** The open shared subscriptions, by what makes subscribers alike. */
export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();

  /** Subgraph subscriptions held for groups now. */
  get size(): number {
    return this.groups.size;
  }

  /**
   * One subscriber's events, from its group (opened with `open` when it is the first). All of a
   * group's members hold the same credentials, so when one's viewer changes, the group's does: it
   * is re-sent upstream, where the subgraph decides again for all of them.
   */
  join(key: string, connection: SubscriberConnection, open: (holder: SubscriberConnection) => AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
    return new Repeater<ExecutionResult>(async (push, stop) => {
      // Joined only as the very viewer it runs as: a subscriber whose viewer was read after a change
      // the group has not heard of yet opens a group of its own (the older one ends with its members).
      const existing = this.groups.get(key);
      const group = existing && sameAccess(existing.holder.viewer, connection.viewer) ? existing : this.openGroup(key, connection, open);
      let queued = 0;
      const member: Member = {
        push: (result) => {
          if (queued >= maxQueuedEvents) return stop(new GraphQLError('This subscriber stopped reading its events.', { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } }));
          queued += 1;
          void push(result).then(() => (queued -= 1), () => undefined);
        },
        stop,
      };
      group.members.add(member);
      const follow = () => {
        if (sameAccess(connection.viewer, group.holder.viewer)) return;
        group.holder.viewer = connection.viewer;
        for (const announce of group.holder.viewerWatchers) announce();
      };
      connection.viewerWatchers.add(follow);
      await stop;
      connection.viewerWatchers.delete(follow);
      group.members.delete(member);
      if (group.members.size === 0) this.closeGroup(key, group);
    });
  }

  private openGroup(key: string, first: SubscriberConnection, open: (holder: SubscriberConnection) => AsyncIterableIterator<ExecutionResult>): Group {
    const holder: SubscriberConnection = { viewer: first.viewer, clientAddress: first.clientAddress, viewerWatchers: new Set() };
    const group: Group = { holder, members: new Set(), feed: open(holder) };
    this.groups.set(key, group);
    void (async () => {
      let failure: unknown;
      try {
        for await (const result of group.feed) for (const member of group.members) member.push(result);
      } catch (error) {
        failure = error;
      }
      // Ended upstream: nobody joins it any more, and each member ends as its own subscription would have.
      if (this.groups.get(key) === group) this.groups.delete(key);
      for (const member of group.members) member.stop(failure);
    })();
    return group;
  }

  private closeGroup(key: string, group: Group): void {
    if (this.groups.get(key) === group) this.groups.delete(key);
    void group.feed.return?.();
  }
}
