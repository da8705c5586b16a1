import { GraphQLError } from 'graphql';
import { Repeater } from '@graphql-yoga/subscription';
import { LiveContext, samePrincipal, whileAllowed } from './live-viewer';
import { Viewer } from './viewer';

const viewer = (levels: Record<string, string>): Viewer => ({ kind: 'member', accountId: 'a', organizationId: 'o', sessionId: null, membershipStatus: 'ACTIVE', permissions: { levels, capabilities: [] } } as Viewer);
const allowed = (v: Viewer) => v.kind === 'member' && v.permissions.levels.AUDIT_LOG === 'READ';
const refusal = () => new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });

/** A source the test feeds by hand, which records whether it was closed. */
function manualSource<T>() {
  let pushValue!: (value: T) => Promise<unknown>;
  let closed = false;
  const source = new Repeater<T>(async (push, stop) => {
    pushValue = push;
    await stop;
    closed = true;
  });
  return { source, push: (value: T) => pushValue(value), closed: () => closed };
}

/** A context whose viewer the test replaces, as the subgraph server does on a re-sent viewer. */
function liveContext(initial: Viewer): LiveContext & { change(v: Viewer): void } {
  const listeners = new Set<(v: Viewer) => void>();
  const context = {
    viewer: initial,
    onViewerChange: (listener: (v: Viewer) => void) => (listeners.add(listener), () => void listeners.delete(listener)),
    change(v: Viewer) {
      context.viewer = v;
      for (const listener of listeners) listener(v);
    },
  };
  return context;
}

describe('whileAllowed', () => {
  it('refuses at once when the viewer is not allowed', async () => {
    const { source } = manualSource<number>();
    await expect(whileAllowed(liveContext(viewer({})), allowed, refusal, source).next()).rejects.toThrow('no');
  });

  it('relays values through `each`, skipping nulls', async () => {
    const { source, push } = manualSource<number>();
    const relayed = whileAllowed(liveContext(viewer({ AUDIT_LOG: 'READ' })), allowed, refusal, source, (n) => (n % 2 ? n * 10 : null));
    const first = relayed.next();
    await new Promise((resolve) => setImmediate(resolve));
    void push(2);
    void push(3);
    expect(await first).toEqual({ value: 30, done: false });
  });

  it('ends with the refusal the moment a changed viewer loses the permission, closing the source', async () => {
    const { source, closed } = manualSource<number>();
    const context = liveContext(viewer({ AUDIT_LOG: 'READ' }));
    const relayed = whileAllowed(context, allowed, refusal, source);
    const pending = relayed.next();
    await new Promise((resolve) => setImmediate(resolve));
    context.change(viewer({}));
    await expect(pending).rejects.toThrow('no');
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed()).toBe(true);
  });

  it('a changed viewer that keeps the permission changes nothing; stopping from outside closes the source at once', async () => {
    const { source, push, closed } = manualSource<number>();
    const context = liveContext(viewer({ AUDIT_LOG: 'READ' }));
    const relayed = whileAllowed(context, allowed, refusal, source);
    const pending = relayed.next();
    await new Promise((resolve) => setImmediate(resolve));
    context.change(viewer({ AUDIT_LOG: 'READ', SPACES: 'WRITE' }));
    void push(7);
    expect(await pending).toEqual({ value: 7, done: false });
    await relayed.return?.(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed()).toBe(true);
  });

  it('samePrincipal: a viewer update may change permissions, never who it is', () => {
    expect(samePrincipal(viewer({}), viewer({ AUDIT_LOG: 'READ' }))).toBe(true);
    expect(samePrincipal(viewer({}), { ...viewer({}), accountId: 'b' } as Viewer)).toBe(false);
    expect(samePrincipal(viewer({}), { kind: 'apiKey', keyId: 'k', organizationId: 'o', permissions: { levels: {}, capabilities: [] } })).toBe(false);
  });
});
