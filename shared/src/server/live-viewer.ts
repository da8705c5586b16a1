import { Repeater } from '@graphql-yoga/subscription';
import { GraphQLError } from 'graphql';
import { Viewer } from './viewer';

/** The graphql-ws `ping` payload key under which the gateway re-sends a connection's signed viewer. */
export const VIEWER_UPDATE_KEY = 'gatehouseViewer';

/**
 * A subscription's context, whose viewer the gateway may replace while it lives (in-band, on the
 * same connection, so no event is lost to a reconnect). `onViewerChange` is there only while a
 * subscription runs over graphql-ws.
 */
export interface LiveContext {
  viewer: Viewer;
  onViewerChange?: (listener: (viewer: Viewer) => void) => () => void;
}

/**
 * Makes `viewer` the subscription context's viewer from its next step on. Shield keeps per-request
 * decisions on the context (`_shield`): they were made for the old viewer, so they go.
 */
export function adoptViewer(context: LiveContext, viewer: Viewer): void {
  context.viewer = viewer;
  delete (context as { _shield?: unknown })._shield;
}

/** Both viewers are the same principal (a viewer update may change permissions, never who it is). */
export function samePrincipal(a: Viewer, b: Viewer): boolean {
  if (a.kind === 'member' && b.kind === 'member') return a.accountId === b.accountId && a.organizationId === b.organizationId;
  if (a.kind === 'apiKey' && b.kind === 'apiKey') return a.keyId === b.keyId && a.organizationId === b.organizationId;
  return false;
}

/**
 * Relays `source` while `allowed(viewer)` holds, each value through `each` (null: skip it). Checked
 * when the subscription starts, before each value, and the moment an updated viewer arrives: then
 * the source is closed and the subscription ends with `refusal()` (e.g. FORBIDDEN) rather than at
 * the next value. One Repeater for the whole pipeline, so ending the subscription from outside
 * closes the source at once (an async generator would wait for its next value) and each value
 * costs one hand-over, not one per stage.
 */
export function whileAllowed<S, T = S>(
  context: LiveContext,
  allowed: (viewer: Viewer) => boolean,
  refusal: () => GraphQLError,
  source: AsyncIterable<S>,
  each: (value: S) => T | null | Promise<T | null> = (value) => value as unknown as T,
): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    if (!allowed(context.viewer)) return stop(refusal());
    const iterator = source[Symbol.asyncIterator]();
    const stopListening = context.onViewerChange?.((viewer) => {
      if (!allowed(viewer)) stop(refusal());
    });
    void stop.then(() => {
      stopListening?.();
      void iterator.return?.();
    });
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
      if (!allowed(context.viewer)) return stop(refusal());
      const value = await each(step.value);
      if (value !== null) await push(value);
    }
    stop();
  });
}
