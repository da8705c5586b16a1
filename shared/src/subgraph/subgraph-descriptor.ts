import type { Clock } from '../time/clock';
import type { BaseContext } from '@apollo/server';
import type { Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { Policy } from '../authz/policy';
import type { GatehouseConfig } from '../config/config';
import type { SubgraphEnvironment } from '../config/environment';
import type { EventBus } from '../events/event-bus';
import type { EventContract } from '../events/event-contract';
import type { SubscriptionPubSub } from '../events/pubsub';
import type { MailOutbox } from '../mail/mail-outbox';
import type { ImplementedRoute } from '../server/internal-route';
import type { Viewer } from '../server/viewer';
import type { InternalRouteContract } from '../server/internal-route';
import type { z } from 'zod';

export type Log = (message: string, detail?: unknown) => void;

// Types only, but for defineSubgraph: descriptors import this file alone (@gatehouse/shared/subgraph), so
// the registry stays light enough for the container healthcheck.

/**
 * One subgraph, as the launcher, the embedded stack, the scripts, the gateway and the tests see
 * it. The light part (name, port) is all the configuration and the healthcheck read; `load()`
 * brings the rest (entities, schema, services) only when the subgraph is built or scripted.
 */
export interface SubgraphDescriptor extends SubgraphEnvironment {
  /** One line for people: what this subgraph owns. */
  summary: string;
  load(): Promise<SubgraphDefinition>;
}

/** What a subgraph is made of, beyond its name. */
export interface SubgraphDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  /** Committed MySQL migrations, oldest first (SQLite follows the entities). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  mysqlMigrations: Function[];
  /** Its schema (federation-ready) and SDL; built once per call, so callers keep the result. */
  schema(): Promise<{ schema: GraphQLSchema; sdl: string }>;
  /** Every field of its schema → requirement (`policyGaps` must find none). */
  policy: Policy;
  /** The events it writes to its outbox: its contract (types, payload schemas, former names). */
  produces?: EventContract;
  /** The event types it consumes (its consumer groups subscribe to exactly these, and to their former names). */
  consumes: readonly string[];
  /**
   * It sends mail: the kit adds the `mail_message` table to its entities (its MySQL migrations must
   * create it), gives `build` the outbox (`kit.mail`), sends after each `kit.afterCommit` and on a poll.
   */
  sendsMail?: boolean;
  /** Its services and what the server serves: everything that is its own. */
  build(kit: SubgraphKit): Promise<SubgraphParts>;
}

/** What `createSubgraphApp` gives a subgraph's `build`: everything every subgraph needs. */
export interface SubgraphKit {
  name: string;
  config: GatehouseConfig;
  dataSource: DataSource;
  /** The bus; subscriptions are recorded, so the app detaches its groups when it stops. */
  bus: EventBus;
  /** Its consumer group on the bus: the subgraph's name. */
  consumer: string;
  /** Call after a commit that recorded outbox events or queued mail (publishes at once in embedded mode; sends the mail). */
  afterCommit: () => Promise<void>;
  /** Queues mail inside a transaction; only for a subgraph whose definition `sendsMail` (reading it otherwise throws). */
  mail: MailOutbox;
  /** Live updates for its subscriptions (Redis pub/sub in distributed mode); closed when it stops. */
  pubsub: SubscriptionPubSub;
  /** Another subgraph's GraphQL URL, read at each call (a test may restart it on another port). */
  urlOf(subgraph: string): string;
  /**
   * Calls another subgraph's internal route (its contract names the service), signed with this
   * subgraph's own key (so the descriptor must say `signsInternalCalls`), within SUBGRAPH_TIMEOUT_MS.
   */
  call<I extends z.ZodType, O extends z.ZodType>(contract: InternalRouteContract<I, O>, input: z.input<I>): Promise<z.output<O>>;
  /** Runs when the app stops, after the server drained and before the database closes. */
  onStop(step: () => Promise<void> | void): void;
  /** The time for rules that span days (the system clock unless a test passed its own). */
  clock: Clock;
  log: Log;
}

/** What a subgraph's `build` returns: its request context and its extra endpoints. */
export interface SubgraphParts<C extends BaseContext & { requestId: string } = BaseContext & { requestId: string }> {
  createContext(viewer: Viewer, requestId: string, clientAddress: string): C;
  /** Its internal routes, each a contract of its contracts package with its handler (implementRoute). */
  internalRoutes?: readonly ImplementedRoute[];
  /** Other HTTP endpoints (e.g. SCIM), behind the same signature check. */
  routers?: Record<string, Router>;
  /** Background work to start once the app is built (the kit starts the relay and the mail sender itself). */
  start?(): void;
}

/** Declares a subgraph: the identity function, there for the type and for a check of the name. */
export function defineSubgraph(descriptor: SubgraphDescriptor): SubgraphDescriptor {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(descriptor.name)) throw new Error(`subgraph name ${descriptor.name}: kebab-case letters and digits`);
  return Object.freeze({ ...descriptor });
}
