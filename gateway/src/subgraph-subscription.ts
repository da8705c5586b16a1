import { FetchNode } from '@apollo/query-planner';
import { ExecutionResult, GraphQLError } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { GatehouseConfig, RequestSigner, VIEWER_UPDATE_KEY, Viewer } from '@gatehouse/shared';

/** What the subgraph side of a subscription needs of the client's connection. */
export interface SubscriberConnection {
  /** The viewer now (replaced when it changes). */
  viewer: Viewer;
  clientAddress: string;
  /** Each open subgraph subscription registers how to re-send the current viewer. */
  viewerWatchers: Set<() => void>;
}

export type UpstreamResult = ExecutionResult<Record<string, unknown>, Record<string, unknown>>;

/**
 * Pings the subgraph connection every `intervalMs`; no pong within as long and the socket is
 * dropped, so a frozen subgraph or a half-open connection ends the subscription instead of hanging it.
 */
function keepAlive(socket: WebSocket, intervalMs: number): () => void {
  let answered = true;
  const onPong = () => void (answered = true);
  const stop = () => {
    clearInterval(timer);
    socket.off('pong', onPong);
  };
  socket.on('pong', onPong);
  socket.once('close', stop);
  const timer = setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN) return stop();
    if (!answered) return socket.terminate();
    answered = false;
    socket.ping();
  }, intervalMs).unref();
  return stop;
}

/** What the client is told when the subgraph side of a subscription ends in error. */
export function upstreamError(error: unknown, serviceName: string): GraphQLError {
  // The subgraph refused the subscription (e.g. FORBIDDEN): its errors, as it said them.
  if (Array.isArray(error) && error.length) {
    const [first] = error as { message: string; extensions?: Record<string, unknown> }[];
    return new GraphQLError(first.message, { extensions: first.extensions });
  }
  const closed = error as { code?: number };
  return new GraphQLError(`The ${serviceName} service ended the subscription${closed?.code ? ` (${closed.code})` : ''}.`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName } });
}

/**
 * The primary fetch, opened on its subgraph with the signed viewer. A changed viewer is re-sent
 * signed in a graphql-ws ping on the same connection (no reconnect, so no event falls in a gap).
 * Its events end with an error if the subgraph refuses, goes away, or stops answering pings.
 * The connection's signature names the subgraph and path and carries a nonce; each viewer update
 * is signed for that connection (its nonce) with a nonce of its own, so neither can be replayed.
 */
export function openOnSubgraph(config: GatehouseConfig, signer: RequestSigner, primary: FetchNode, variables: Record<string, unknown>, connection: SubscriberConnection): { events: AsyncIterableIterator<UpstreamResult>; close: () => Promise<void> } {
  const url = config.subgraphUrls[primary.serviceName].replace(/^http/, 'ws');
  const { pathname, search } = new URL(url);
  const used = Object.fromEntries((primary.variableUsages ?? []).map((name) => [name, variables[name]]));
  let connectionNonce = randomUUID();
  const signed = (method: 'WS-CONNECT' | 'WS-VIEWER') =>
    signer.sign(connection.viewer, { audience: primary.serviceName, method, path: pathname + search, body: method === 'WS-VIEWER' ? connectionNonce : '' }, connection.clientAddress, Date.now(), method === 'WS-CONNECT' ? connectionNonce : undefined);
  let socket: WebSocket | null = null;
  let sentViewer: Viewer | null = null;
  const announce = () => {
    if (socket?.readyState !== WebSocket.OPEN || sentViewer === connection.viewer) return;
    sentViewer = connection.viewer;
    socket.send(JSON.stringify({ type: 'ping', payload: { [VIEWER_UPDATE_KEY]: signed('WS-VIEWER') } }));
  };
  let stopKeepAlive = () => {};
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: () => {
      sentViewer = connection.viewer;
      connectionNonce = randomUUID(); // one per connection attempt: a nonce is good once
      return signed('WS-CONNECT');
    },
    on: {
      connected: (opened) => {
        socket = opened as WebSocket;
        stopKeepAlive = keepAlive(socket, config.subscriptionKeepAliveMs);
        announce(); // the viewer may have changed while connecting
      },
    },
  });
  connection.viewerWatchers.add(announce);
  const events = client.iterate({ query: primary.operation, variables: used, operationName: primary.operationName }) as AsyncIterableIterator<UpstreamResult>;
  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      connection.viewerWatchers.delete(announce);
      stopKeepAlive();
      await events.return?.();
      await client.dispose();
    })());
  return { events, close };
}
