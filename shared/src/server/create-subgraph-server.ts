import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Express, NextFunction, Request, Response, Router } from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { Policy, applyPolicy } from '../authz/policy';
import { maskError } from './mask-errors';
import { requestIdPlugin } from './request-id-plugin';
import { createRequestDrain, defaultShutdownGraceMs } from './request-drain';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { REQUEST_ID_HEADER, Viewer, signedClientAddress, verifyViewer } from './viewer';
import { LiveContext, VIEWER_UPDATE_KEY, adoptViewer, samePrincipal } from './live-viewer';

export interface SubgraphServerOptions<C extends BaseContext & { requestId: string }> {
  name: string;
  schema: GraphQLSchema;
  policy: Policy;
  viewerSigningSecret: string;
  /** Builds the per-request context (services, loaders) for a verified viewer. */
  createContext: (viewer: Viewer, requestId: string, clientAddress: string) => C;
  /** Readiness probe: resolves when the subgraph can serve (database reachable). */
  isReady: () => Promise<boolean>;
  /** Internal endpoints for other Gatehouse services; only system viewers reach them. */
  internalRoutes?: Record<string, (body: Record<string, unknown>, viewer: Viewer) => Promise<unknown>>;
  /** Other HTTP endpoints (e.g. SCIM), mounted behind the same signature check. */
  routers?: Record<string, Router>;
  /** Largest request body accepted. */
  maxRequestBodyBytes?: number;
  /** Turns graphql-shield off: only the benchmark that measures shield's cost does this. */
  withoutShield?: boolean;
  log?: (message: string, detail?: unknown) => void;
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
  live?: Map<string, { context: LiveContext; listeners: Set<(viewer: Viewer) => void> }>;
}

/** A viewer re-sent by the gateway in a graphql-ws ping, when its signature holds. */
function viewerUpdateIn(message: string, secret: string): Viewer | null {
  try {
    const parsed = JSON.parse(message) as { type?: string; payload?: Record<string, unknown> };
    const signed = parsed.type === 'ping' ? parsed.payload?.[VIEWER_UPDATE_KEY] : undefined;
    return signed && typeof signed === 'object' ? verifyViewer(signed as Record<string, string>, secret) : null;
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

interface VerifiedRequest extends Request {
  viewer?: Viewer;
  requestId?: string;
  clientAddress?: string;
}

function rejectUnsigned(res: Response): void {
  res.status(401).json({ errors: [{ message: 'Requests must come through the Gatehouse gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
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

  // Nobody reaches a subgraph around the gateway: every other route needs a signed viewer.
  app.use((req: VerifiedRequest, res: Response, next: NextFunction) => {
    const viewer = verifyViewer(req.headers, options.viewerSigningSecret);
    if (!viewer) return rejectUnsigned(res);
    req.viewer = viewer;
    req.clientAddress = signedClientAddress(req.headers);
    const given = req.headers[REQUEST_ID_HEADER];
    req.requestId = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    next();
  });
  app.use(express.json({ limit: options.maxRequestBodyBytes ?? 1024 * 1024 }));

  for (const [route, handler] of Object.entries(options.internalRoutes ?? {})) {
    app.post(`/internal/${route}`, async (req: VerifiedRequest, res: Response) => {
      if (req.viewer?.kind !== 'system') return void res.status(403).json({ error: 'FORBIDDEN' });
      try {
        res.json(await handler(req.body ?? {}, req.viewer));
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
        const params = (ctx.connectionParams ?? {}) as Record<string, string>;
        const viewer = verifyViewer(params, options.viewerSigningSecret);
        if (!viewer) return false;
        const connection: LiveConnection = { viewer, requestId: typeof params[REQUEST_ID_HEADER] === 'string' ? params[REQUEST_ID_HEADER] : randomUUID(), live: new Map() };
        Object.assign(ctx.extra, connection);
        ctx.extra.socket.on('message', (data) => {
          const updated = viewerUpdateIn(String(data), options.viewerSigningSecret);
          if (updated && samePrincipal(updated, ctx.extra.viewer!)) updateViewer(ctx.extra as LiveConnection, updated);
        });
        return true;
      },
      context: (ctx, id) => {
        const listeners = new Set<(viewer: Viewer) => void>();
        const context = options.createContext(ctx.extra.viewer!, ctx.extra.requestId!, signedClientAddress((ctx.connectionParams ?? {}) as Record<string, string>)) as C & LiveContext;
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
        const verified = req as VerifiedRequest;
        return options.createContext(verified.viewer!, verified.requestId!, verified.clientAddress ?? '');
      },
    }),
  );

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
