import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { Express, Router } from 'express';
import { GraphQLSchema } from 'graphql';
import { Policy, applyPolicy } from '../authz/policy';
import { RequestSigning } from '../config/config';
import { ImplementedRoute } from './internal-route';
import { internalCallersOf, internalRoutesRouter } from './internal-routes-router';
import { jsonHttpErrors, jsonNotFound } from './json-http-errors';
import { maskError } from './mask-errors';
import { requestIdPlugin } from './request-id-plugin';
import { defaultShutdownGraceMs } from './request-drain';
import { GatedRequest } from './subgraph-gate';
import { createSubgraphHttp } from './subgraph-http';
import { serveSubgraphWebSocket } from './subgraph-websocket';
import { Viewer } from './viewer';

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
  /** Internal endpoints for other Gatehouse services (contract + handler, see `implementRoute`); each contract names its callers. */
  internalRoutes?: readonly ImplementedRoute[];
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

/** A subgraph's HTTP server: signed-viewer check, shield-guarded GraphQL (HTTP and graphql-ws), internal routes, health and readiness. */
export async function createSubgraphServer<C extends BaseContext & { requestId: string }>(options: SubgraphServerOptions<C>): Promise<{ app: Express; httpServer: Server; listen(port: number, host: string): Promise<RunningServer> }> {
  const log = options.log ?? ((message: string, detail?: unknown) => console.error(`[${options.name}] ${message}`, detail ?? ''));
  const internalRoutes = options.internalRoutes ?? [];
  const { app, httpServer, drain, gate } = createSubgraphHttp({
    name: options.name,
    signing: options.signing,
    isReady: options.isReady,
    internalCallers: internalCallersOf(internalRoutes),
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? 1024 * 1024,
  });
  app.use('/internal', internalRoutesRouter(options.name, internalRoutes, log));
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
    // No field states a cache hint, and the gateway answers clients `cache-control: no-store` whatever a
    // subgraph says: the cache-control plugin would only wrap every field resolver (per-field instrumentation).
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginDrainHttpServer({ httpServer }), requestIdPlugin<C>()],
    formatError: (formatted) => maskError(formatted, (e) => log('unexpected error', e)),
  });
  await apollo.start();
  const webSocket = serveSubgraphWebSocket({ httpServer, schema, gate, createContext: options.createContext, log });

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
              await webSocket.close();
              await apollo.stop();
            },
          });
        });
      }),
  };
}
