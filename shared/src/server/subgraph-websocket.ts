import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { LiveContext, samePrincipal } from './live-viewer';
import { maskError } from './mask-errors';
import { SubgraphGate } from './subgraph-gate';
import { REQUEST_ID_HEADER, Viewer } from './viewer';
import { LiveConnection, updateViewer, viewerUpdateIn } from './viewer-ping';

export interface SubgraphWebSocketOptions<C> {
  httpServer: Server;
  schema: GraphQLSchema;
  gate: SubgraphGate;
  createContext: (viewer: Viewer, requestId: string, clientAddress: string) => C;
  log: (message: string, detail?: unknown) => void;
}

/**
 * Subscriptions over graphql-ws on `/graphql`: the gateway connects with the signed viewer as
 * connection parameters, and the subgraph authorizes inside `subscribe`. When the viewer's
 * permissions change the gateway re-sends it signed in a `ping` on the same connection, so no
 * event is lost to a reconnect; each live subscription then sees the new viewer.
 */
export function serveSubgraphWebSocket<C>(options: SubgraphWebSocketOptions<C>): { close(): Promise<void> } {
  const { gate, log } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const subscriptions = useServer<Record<string, unknown>, LiveConnection & Record<PropertyKey, unknown>>(
    {
      schema: options.schema,
      onConnect: (ctx) => {
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const path = ctx.extra.request.url ?? '';
        const admitted = gate.connection(params, path);
        if (!admitted) return false;
        const requestId = params[REQUEST_ID_HEADER];
        const connection: LiveConnection = {
          viewer: admitted.viewer,
          clientAddress: admitted.clientAddress,
          requestId: typeof requestId === 'string' && /^[\w-]{1,64}$/.test(requestId) ? requestId : randomUUID(),
          live: new Map(),
        };
        Object.assign(ctx.extra, connection);
        // Viewer updates are signed for this connection (its connection_init nonce) and used once.
        ctx.extra.socket.on('message', (data) => {
          const signed = viewerUpdateIn(String(data));
          const updated = signed ? gate.viewerUpdate(signed, path, admitted.nonce) : null;
          if (updated && samePrincipal(updated, ctx.extra.viewer!)) updateViewer(ctx.extra as LiveConnection, updated);
        });
        return true;
      },
      context: (ctx, id) => {
        const listeners = new Set<(viewer: Viewer) => void>();
        const context = options.createContext(ctx.extra.viewer!, ctx.extra.requestId!, ctx.extra.clientAddress ?? '') as C & LiveContext;
        context.onViewerChange = (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        };
        ctx.extra.live!.set(id, { context, listeners });
        return context as Record<string, unknown>;
      },
      onComplete: (ctx, id) => void ctx.extra.live?.delete(id),
      // Masked like every other response: client-facing codes stay, anything else becomes a code.
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => {
          const masked = maskError(error.toJSON(), (e) => log('subscription failed', e));
          return new GraphQLError(masked.message, { extensions: masked.extensions });
        }),
      onNext: (_ctx, _id, _payload, _args, result) =>
        'errors' in result && result.errors?.length ? { ...result, errors: result.errors.map((error) => maskError(error.toJSON(), (e) => log('subscription event failed', e))) } : undefined,
    },
    wsServer,
  );
  return {
    close: async () => {
      await subscriptions.dispose();
      wsServer.close();
    },
  };
}
