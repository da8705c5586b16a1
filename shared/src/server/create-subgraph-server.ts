import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Express, NextFunction, Response, Router } from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { Policy, applyPolicy } from '../authz/policy';
import { jsonHttpErrors, jsonNotFound } from './json-http-errors';
import { maskError } from './mask-errors';
import { requestIdPlugin } from './request-id-plugin';
import { createRequestDrain, defaultShutdownGraceMs } from './request-drain';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { REQUEST_ID_HEADER, Viewer } from './viewer';
import { LiveContext, VIEWER_UPDATE_KEY, adoptViewer, samePrincipal } from './live-viewer';
import { RequestSigning } from '../config/config';
import { SigningService } from '../config/service-keys';
import { GatedRequest, SubgraphGate, jsonBody } from './subgraph-gate';

export interface SubgraphServerOptions<C extends BaseContext & { requestId: string }> {
  name: string;
  schema: GraphQLSchema;
  policy: Policy;
  /** The public keys (and signature window) this subgraph checks every request against. */
  signing: Pick<RequestSigning, 'windowMs' | 'verifyKeys'>;
  /** Builds the per-request context (services, loaders) for a verified viewer. */
  createContext: (viewer: Viewer, requestId: string, clientAddress: string) => C;
  /** Readiness probe: resolves when the subgraph can serve (database reachable). */
  isReady: () => Promise<boolean>;
  /** Internal endpoints for other Gatehouse services; each names the services it accepts calls from. */
  internalRoutes?: Record<string, InternalRoute>;
  /** Other HTTP endpoints (e.g. SCIM), mounted behind the same signature check. */
  routers?: Record<string, Router>;
  /** Largest request body accepted. */
  maxRequestBodyBytes?: number;
  /** Turns graphql-shield off: only the benchmark that measures shield's cost does this. */
  withoutShield?: boolean;
  log?: (message: string, detail?: unknown) => void;
}

/** An internal endpoint: who may call it (by their signing key), and what it does. */
export interface InternalRoute {
  callers: readonly SigningService[];
  handle: (body: Record<string, unknown>, viewer: Viewer) => Promise<unknown>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Drains (requests in flight finish, new ones get 503, up to `graceMs`), then closes everything. */
  stop(graceMs?: number): Promise<void>;
  /** `/ready` answers 503 from now on, while requests are still served (a stack drains its gateway first). */
  unready(): void;
}

/** A graphql-ws connection from the gateway: its current viewer and its running subscriptions. */
interface LiveConnection {
  viewer?: Viewer;
  requestId?: string;
  clientAddress?: string;
  live?: Map<string, { context: LiveContext; listeners: Set<(viewer: Viewer) => void> }>;
}

/** The signed viewer a graphql-ws ping from the gateway carries, if it is one. */
function viewerUpdateIn(message: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(message) as { type?: string; payload?: Record<string, unknown> };
    const signed = parsed.type === 'ping' ? parsed.payload?.[VIEWER_UPDATE_KEY] : undefined;
    return signed && typeof signed === 'object' ? (signed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Every running subscription of the connection sees the new viewer from its next step on. */
function updateViewer(connection: LiveConnection, viewer: Viewer): void {
  connection.viewer = viewer;
  for (const { context, listeners } of connection.live?.values() ?? []) {
    adoptViewer(context, viewer);
    for (const listener of listeners) listener(viewer);
  }
}

/** A subgraph's HTTP server: signed-viewer check, shield-guarded GraphQL, health and readiness. */
export async function createSubgraphServer<C extends BaseContext & { requestId: string }>(options: SubgraphServerOptions<C>): Promise<{ app: Express; httpServer: Server; listen(port: number, host: string): Promise<RunningServer> }> {
  const log = options.log ?? ((message: string, detail?: unknown) => console.error(`[${options.name}] ${message}`, detail ?? ''));
  const app = express();
  const httpServer = createServer(app);
  app.disable('x-powered-by');
  const drain = createRequestDrain(httpServer);
  app.use(drain.middleware);

  app.get('/health', (_req, res) => void res.json({ status: 'ok', service: options.name }));
  app.get('/ready', async (_req, res) => {
    const ready = await options.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', service: options.name });
  });

  // Nobody reaches a subgraph around the gateway: every other route passes the gate (signed for
  // this subgraph and this very request, once; internal routes only by the callers they list).
  const internalRoutes = options.internalRoutes ?? {};
  const gate = new SubgraphGate({
    audience: options.name,
    signing: options.signing,
    internalCallers: Object.fromEntries(Object.entries(internalRoutes).map(([route, { callers }]) => [route, callers])),
    maxBodyBytes: options.maxRequestBodyBytes ?? 1024 * 1024,
  });
  app.use(gate.http());
  app.use((req: GatedRequest, _res: Response, next: NextFunction) => {
    const given = req.headers[REQUEST_ID_HEADER];
    req.requestId = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    next();
  });
  app.use(['/graphql', '/internal'], jsonBody());

  for (const [route, { handle }] of Object.entries(internalRoutes)) {
    app.post(`/internal/${route}`, async (req: GatedRequest, res: Response) => {
      try {
        res.json(await handle(req.body ?? {}, req.gate!.viewer));
      } catch (error) {
        log(`internal route ${route} failed`, error);
        res.status(500).json({ error: 'INTERNAL_SERVER_ERROR', requestId: req.requestId });
      }
    });
  }

  for (const [path, router] of Object.entries(options.routers ?? {})) app.use(path, router);

  const schema = options.withoutShield ? options.schema : applyPolicy(options.schema, options.policy);
  const apollo = new ApolloServer<C>({
    schema,
    introspection: true, // only the signed gateway gets here; the gateway decides what clients see
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Apollo would stop on SIGTERM by itself, then kill the process with requests still in flight: stop() drains instead.
    stopOnTerminationSignals: false,
    // Text limits are checked once, by the gateway, which every request reaching a subgraph has passed.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginDrainHttpServer({ httpServer }), requestIdPlugin<C>()],
    formatError: (formatted) => maskError(formatted, (e) => log('unexpected error', e)),
  });
  await apollo.start();
  // Subscriptions over graphql-ws on the same path: the gateway connects with the signed viewer as
  // connection parameters, and the subgraph authorizes inside `subscribe`. When the viewer's
  // permissions change the gateway re-sends it signed in a `ping` on the same connection, so no
  // event is lost to a reconnect; each live subscription then sees the new viewer.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const subscriptions = useServer<Record<string, unknown>, LiveConnection & Record<PropertyKey, unknown>>(
    {
      schema,
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
        return context;
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

  app.post(
    '/graphql',
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const gated = req as GatedRequest;
        return options.createContext(gated.gate!.viewer, gated.requestId!, gated.gate!.clientAddress);
      },
    }),
  );
  app.use(jsonNotFound());
  app.use(jsonHttpErrors(log));

  return {
    app,
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const actual = (httpServer.address() as AddressInfo).port;
          resolve({
            url: `http://${host}:${actual}/graphql`,
            port: actual,
            unready: drain.unready,
            stop: async (graceMs = defaultShutdownGraceMs) => {
              await drain.drain(graceMs);
              await subscriptions.dispose();
              wsServer.close();
              await apollo.stop();
            },
          });
        });
      }),
  };
}
