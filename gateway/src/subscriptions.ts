import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { GraphQLDataSource, ServiceMap, buildOperationContext, executeQueryPlan } from '@apollo/gateway';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { FetchNode, PlanNode, QueryPlan, QueryPlanner, SubscriptionNode } from '@apollo/query-planner';
import { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, ValidationRule, parse, print, specifiedRules, validate } from 'graphql';
import { Repeater } from '@graphql-yoga/subscription';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { GatehouseConfig, RequestSigner, Viewer, maskError, textArgumentError } from '@gatehouse/shared';
import { SubscriberConnection, openOnSubgraph, upstreamError } from './subgraph-subscription';
import { SharedSubscriptions, mayShare, sameAccess } from './subscription-sharing';
import { GatewayContext } from './signed-data-source';
import { ViewerResolver } from './viewer-resolver';

export interface SubscriptionServerOptions {
  config: GatehouseConfig;
  supergraphSdl: string;
  viewers: ViewerResolver;
  /** The gateway's signer: each subgraph connection and viewer update is signed for its subgraph. */
  signer: RequestSigner;
  /** The same limits as over HTTP (depth, cost, aliases, directives): a subscription is an operation too. */
  validationRules: readonly ValidationRule[];
  /** The gateway's data sources (signed HTTP fetches to each subgraph), for the rest of each event's plan. */
  dataSource: (serviceName: string) => GraphQLDataSource;
  log: (message: string, detail?: unknown) => void;
}

/** The name under which a plan's first fetch is answered with the event the subgraph pushed. */
const eventService = '__subscription_event__';

/** One client connection: who it is now, how to ask again, and how to reopen its upstream subscriptions. */
interface Connection extends SubscriberConnection {
  credentials: { authorization?: string; apiKey?: string };
  close(code: number, reason: string): void;
  expiry: NodeJS.Timeout | null;
}

type ConnectionExtra = { connection?: Connection } & Record<PropertyKey, unknown>;

/** When a JWT expires (ms since the epoch); null for API keys and unreadable tokens. */
function expiryOf(authorization: string | undefined): number | null {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  try {
    const exp = token ? (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: number }).exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Identity could not be asked who the caller is: not the caller's fault. */
const unavailable: unique symbol = Symbol('identity unavailable');

/**
 * Closes a connection whose viewer is gone (4401: sign in again) or could not be established
 * because identity is unavailable (1013, "try again later": the credentials may be fine).
 */
function closeFor(viewer: Viewer | typeof unavailable, close: (code: number, reason: string) => void): void {
  if (viewer === unavailable) close(1013, 'Identity is unavailable; reconnect shortly');
  else close(4401, 'Unauthorized');
}

/** Subscriptions whose events report a change to the subscriber's own access. */
const viewerChangeSubscriptions = new Set(['viewerPermissionsChanged']);

function operationOf(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  return document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
}

function rootFieldsOf(document: DocumentNode, operationName: string | undefined): string[] {
  return (operationOf(document, operationName)?.selectionSet.selections ?? []).flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

/**
 * Subscriptions through the one endpoint (graphql-ws on /graphql). Apollo Gateway plans a
 * subscription as `{ primary, rest }`: the primary fetch is opened on the owning subgraph over
 * graphql-ws with the signed viewer; for every event the rest of the plan runs with the gateway's
 * executor (the event standing in for the primary fetch), so events may carry any subgraph's fields.
 */
export interface SubscriptionServer {
  /** Subscriptions open on subgraphs now (alike subscribers share one). */
  subgraphSubscriptions(): number;
  dispose(): Promise<void>;
}

export function serveSubscriptions(httpServer: Server, options: SubscriptionServerOptions): SubscriptionServer {
  const { config } = options;
  const supergraph = Supergraph.build(options.supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const apiGraphQL: GraphQLSchema = apiSchema.toGraphQLJSSchema();
  const supergraphGraphQL: GraphQLSchema = supergraph.schema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const shared = new SharedSubscriptions();
  let openUpstream = 0;

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: apiGraphQL,
      onConnect: async (ctx) => {
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const authorization = typeof params.authorization === 'string' ? params.authorization : undefined;
        const apiKey = typeof params['x-api-key'] === 'string' ? (params['x-api-key'] as string) : undefined;
        const socket = ctx.extra.socket;
        const viewer = await options.viewers.resolve(authorization, apiKey).catch((): typeof unavailable => unavailable);
        if (viewer === unavailable || viewer.kind === 'anonymous') {
          closeFor(viewer, (code, reason) => socket.close(code, reason));
          return false;
        }
        const connection: Connection = {
          viewer,
          clientAddress: ctx.extra.request.socket.remoteAddress ?? '',
          credentials: { authorization, apiKey },
          close: (code, reason) => socket.close(code, reason),
          viewerWatchers: new Set(),
          expiry: null,
        };
        // An access token's connection ends when the token does: the client reconnects with a fresh one.
        const expiresAt = expiryOf(authorization);
        if (expiresAt) connection.expiry = setTimeout(() => socket.close(4401, 'Token expired'), Math.max(0, expiresAt - Date.now())).unref();
        connections.add(connection);
        socket.once('close', () => {
          connections.delete(connection);
          if (connection.expiry) clearTimeout(connection.expiry);
        });
        ctx.extra.connection = connection;
        return true;
      },
      // Parsed and validated here, with the HTTP endpoint's limits (token count, depth, cost, aliases).
      onSubscribe: (ctx, _id, payload) => {
        // Each subscription holds a subgraph connection: one client connection may not hold unlimited ones.
        if (Object.keys(ctx.subscriptions).length > config.maxSubscriptionsPerConnection) {
          return [new GraphQLError(`A connection holds at most ${config.maxSubscriptionsPerConnection} subscriptions: end one, or open another connection.`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.tokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed.')];
        }
        const invalid = validate(apiGraphQL, document, [...specifiedRules, ...options.validationRules], { maxErrors: 10 });
        if (invalid.length) return invalid;
        // Text arguments obey the same maxima as over HTTP (stated in their descriptions).
        const refusedText = textArgumentError(apiGraphQL, document, payload.variables ?? undefined);
        if (refusedText) return [refusedText];
        // Queries and mutations go over HTTP; this socket carries subscriptions.
        if (operationOf(document, payload.operationName ?? undefined)?.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return { schema: apiGraphQL, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      subscribe: async (args) => {
        const { connection } = (args.contextValue as { extra: ConnectionExtra }).extra;
        return planAndSubscribe(args.document, args.operationName ?? undefined, (args.variableValues ?? {}) as Record<string, unknown>, connection!);
      },
      context: (ctx) => ({ extra: ctx.extra }),
      onNext: (_ctx, _id, _payload, _args, result) =>
        'errors' in result && result.errors?.length ? { ...result, errors: result.errors.map((error) => maskError(error.toJSON(), (e) => options.log('subscription event failed', e))) } : undefined,
    },
    wsServer,
  );

  // When what a connected viewer may do changes, ask again: gone → close (4401); changed → each of
  // its subscriptions hands the new viewer to its subgraph, which decides again.
  const connections = new Set<Connection>();
  const stopListening = options.viewers.onInvalidate((scope) => {
    for (const connection of connections) {
      const v = connection.viewer;
      const affected =
        ('accountId' in scope && v.kind === 'member' && v.accountId === scope.accountId) ||
        ('organizationId' in scope && (v.kind === 'member' || v.kind === 'apiKey') && v.organizationId === scope.organizationId) ||
        ('keyId' in scope && v.kind === 'apiKey' && v.keyId === scope.keyId);
      if (affected) void recheck(connection);
    }
  });

  async function recheck(connection: Connection): Promise<void> {
    const viewer = await options.viewers.resolve(connection.credentials.authorization, connection.credentials.apiKey).catch((): typeof unavailable => unavailable);
    if (viewer === unavailable || viewer.kind === 'anonymous') return closeFor(viewer, connection.close);
    if (sameAccess(viewer, connection.viewer)) return;
    connection.viewer = viewer;
    for (const announce of connection.viewerWatchers) announce();
  }

  /** Reads the connection's viewer afresh, past the cache (the gateway may not have heard of the change yet). */
  async function refresh(connection: Connection): Promise<void> {
    if (connection.viewer.kind === 'member') options.viewers.invalidateAccount(connection.viewer.accountId);
    await recheck(connection);
  }

  async function planAndSubscribe(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, connection: Connection): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const operation = operationFromDocument(apiSchema, document, { operationName });
    const plan = planner.buildQueryPlan(operation);
    if (plan.node?.kind !== 'Subscription') return { errors: [new GraphQLError('Only subscriptions are served over WebSocket.', { extensions: { code: 'BAD_REQUEST' } })] };
    const { primary, rest } = plan.node as SubscriptionNode;
    const operationContext = buildOperationContext({ schema: apiGraphQL, operationDocument: document, operationName });
    const requestId = randomUUID();
    const node: PlanNode = rest ? { kind: 'Sequence', nodes: [{ ...primary, serviceName: eventService } as FetchNode, rest] } : ({ ...primary, serviceName: eventService } as FetchNode);
    const eventPlan: QueryPlan = { kind: 'QueryPlan', node };
    const reportsViewerChange = rootFieldsOf(document, operationName).some((name) => viewerChangeSubscriptions.has(name));
    // One Repeater per subgraph subscription: when nobody reads it any more, the subgraph side closes at once.
    const feed = (holder: SubscriberConnection) =>
      new Repeater<ExecutionResult>(async (push, stop) => {
        const upstream = openOnSubgraph(config, options.signer, primary, variables, holder);
        void stop.then(upstream.close);
        openUpstream += 1;
        try {
          for await (const event of upstream.events) {
            // This event says the subscriber's own access changed: its fields are read as the new viewer.
            if (reportsViewerChange) await refresh(connection);
            // A field the viewer may not read is null with its error beside it, as in a query: the rest of
            // the event still arrives (a member set to PENDING must hear it with what they may still see).
            const eventErrors = (event.errors ?? []).map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
            if (!event.data) {
              await push({ errors: eventErrors.length ? eventErrors : [new GraphQLError('The event carried no data.')] });
              continue;
            }
            const serviceMap: ServiceMap = new Proxy({} as ServiceMap, {
              get: (_target, name: string) => (name === eventService ? { process: async () => ({ data: event.data }) } : options.dataSource(name)),
            });
            const context: GatewayContext = { viewer: holder.viewer, requestId, clientAddress: holder.clientAddress };
            const requestContext = { request: { query: '', variables, operationName }, context, logger: undefined, metrics: {}, cache: undefined } as never;
            const result = await executeQueryPlan(eventPlan, serviceMap, requestContext, operationContext, supergraphGraphQL, apiSchema);
            const errors = [...eventErrors, ...((result.errors ?? []) as GraphQLError[])];
            await push({ data: result.data ?? null, ...(errors.length ? { errors } : {}) });
          }
          stop();
        } catch (error) {
          stop(upstreamError(error, primary.serviceName!));
        } finally {
          openUpstream -= 1;
          await upstream.close();
        }
      });
    const events = mayShare(operationOf(document, operationName)!, variables)
      ? shared.join(JSON.stringify([connection.credentials, connection.clientAddress, print(document), operationName ?? null, variables]), connection, feed)
      : feed(connection);
    return events as unknown as AsyncGenerator<ExecutionResult>;
  }

  return {
    subgraphSubscriptions: () => openUpstream,
    dispose: async () => {
      stopListening();
      await server.dispose();
      wsServer.close();
    },
  };
}
