import { ValidationRule } from 'graphql';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import { GatehouseConfig, RunningServer, createRequestDrain, defaultShutdownGraceMs, jsonHttpErrors, jsonNotFound, maskError, requestIdPlugin, requestSigner, textArgumentPlugin } from '@gatehouse/shared';
import { clientErrorPlugin } from './client-error-plugin';
import { gatewayFormatError } from './format-error';
import { playgroundPage } from './playground';
import { GatewayContext, SignedDataSource } from './signed-data-source';
import { committedSupergraph } from './supergraph';
import { ViewerResolver } from './viewer-resolver';
import { requestDeadline } from './request-deadline';
import { scimProxy } from './scim-proxy';
import { exportProxy } from './export-proxy';
import { SubscriptionServer, serveSubscriptions } from './subscriptions';

export { ViewerResolver } from './viewer-resolver';
export { invalidateViewersOnEvents } from './viewer-invalidation';

export interface GatewayOptions {
  config: GatehouseConfig;
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
  log?: (message: string, detail?: unknown) => void;
}

export interface GatewayApp {
  viewers: ViewerResolver;
  subscriptions: Pick<SubscriptionServer, 'subgraphSubscriptions'>;
  listen(port: number, host: string): Promise<RunningServer>;
}

async function subgraphReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The one public endpoint: authentication, signed viewer, limits, federation, playground. */
export async function createGateway(options: GatewayOptions): Promise<GatewayApp> {
  const { config } = options;
  const log = options.log ?? ((message: string, detail?: unknown) => console.error(`[gateway] ${message}`, detail ?? ''));
  // The gateway's private key: only this process can mint viewers subgraphs accept.
  const signer = requestSigner(config, 'gateway', 'the gateway');
  const viewers = new ViewerResolver(config, signer);
  const supergraphSdl = options.supergraphSdl ?? committedSupergraph();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SignedDataSource(name, config.subgraphUrls[name] ?? url!, signer, config.subgraphTimeoutMs),
  });
  // Every limit counts everything it names: introspection within depth and cost, aliases of
  // __typename among the aliases. Tokens are counted by graphql-js's own parser (parseOptions
  // below): armor's token plugin parses the document a second time and throws outside Apollo's
  // parse step, which turned every syntax error into an HTTP 500.
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.depth, ignoreIntrospection: false, flattenFragments: true },
    costLimit: { maxCost: config.limits.cost, ignoreIntrospection: false, flattenFragments: true },
    maxAliases: { n: config.limits.aliases, allowList: [] },
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: !config.introspection },
  }).protect();

  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer, req.ip must come from X-Forwarded-For; only the operator knows the hops.
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);
  const drain = createRequestDrain(httpServer);
  app.use(drain.middleware);
  const dataSources = new Map<string, SignedDataSource>();
  const subscriptions = serveSubscriptions(httpServer, {
    config,
    supergraphSdl,
    viewers,
    signer,
    validationRules: armor.validationRules as ValidationRule[],
    dataSource: (name) => {
      const url = config.subgraphUrls[name];
      if (!dataSources.has(name)) dataSources.set(name, new SignedDataSource(name, url, signer, config.subgraphTimeoutMs));
      return dataSources.get(name)!;
    },
    log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.tokens },
    // A pathologically invalid document (hundreds of repeated directives or unknown fields) stops
    // after a few errors instead of graphql-js's 100, each of which Apollo wraps with its stack.
    validationOptions: { maxErrors: 10 },
    // Apollo would stop on SIGTERM by itself, then kill the process with requests still in flight: stop() drains instead.
    stopOnTerminationSignals: false,
    validationRules: armor.validationRules,
    plugins: [
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      requestIdPlugin<GatewayContext>(),
      clientErrorPlugin<GatewayContext>(),
      textArgumentPlugin<GatewayContext>(),
    ],
    formatError: (formatted) => maskError(gatewayFormatError(formatted), (e) => log('unexpected error', e)),
  });
  await apollo.start();

  app.get('/health', (_req, res) => void res.json({ status: 'ok', service: 'gateway' }));
  app.get('/ready', async (_req, res) => {
    // Every subgraph of the configuration (the registry's), each asked its own /ready.
    const entries = await Promise.all(Object.entries(config.subgraphUrls).map(async ([name, url]) => [name, (await subgraphReady(url)) ? 'ready' : 'unavailable'] as const));
    const subgraphs = Object.fromEntries(entries);
    const allReady = entries.every(([, state]) => state === 'ready');
    res.status(allReady ? 200 : 503).json({ status: allReady ? 'ready' : 'degraded', subgraphs });
  });
  app.use('/scim/v2', scimProxy(config, signer, (req) => req.ip ?? ''));
  // Usage CSV downloads (links from usageExport), when metering is part of the system.
  if (config.subgraphUrls.metering) app.use('/exports', exportProxy(config, signer, (req) => req.ip ?? ''));
  app.get('/graphql', (req, res, next) => {
    if (!config.playground || !req.accepts('text/html') || req.query.query) return next();
    res.type('html').send(playgroundPage());
  });
  app.use(
    '/graphql',
    express.json({ limit: config.maxRequestBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const deadline = requestDeadline(config.subgraphTimeoutMs);
        return { viewer: await viewers.resolve(req.headers.authorization, req.headers['x-api-key'], deadline), requestId: randomUUID(), clientAddress: req.ip ?? '', deadline };
      },
    }),
  );
  // Whatever never reached GraphQL (malformed JSON, a charset other than UTF-8, a body over the
  // limit, an unknown path) still answers JSON with a code, never Express's HTML page and stack.
  app.use(jsonNotFound());
  app.use(jsonHttpErrors(log));

  return {
    viewers,
    subscriptions,
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
              await apollo.stop();
            },
          });
        });
      }),
  };
}
