import { DataSource } from 'typeorm';
import { GatehouseConfig } from '../config/config';
import { openDataSource } from '../db/data-source';
import { EventBus } from '../events/event-bus';
import { OutboxRelay } from '../events/outbox';
import { createSubscriptionPubSub } from '../events/pubsub';
import { MailOutbox, mailOutbox } from '../mail/mail-outbox';
import { MailSender } from '../mail/mail-sender';
import { RunningServer, createSubgraphServer } from '../server/create-subgraph-server';
import { callRoute } from '../server/internal-client';
import { RequestSigner, requestSigner } from '../server/request-signature';
import { Log, SubgraphDefinition, SubgraphDescriptor, SubgraphKit } from './subgraph-descriptor';
import { RecordingBus } from './recording-bus';
import { subgraphEntities } from './subgraph-entities';
import { Clock, systemClock } from '../time/clock';

export interface SubgraphAppOptions {
  config: GatehouseConfig;
  bus: EventBus;
  /** Publish the outbox now (embedded mode: the bus reaches every subgraph in this process). */
  relayEvents: boolean;
  /** Where other subgraphs are, read per call; defaults to the configured URLs. */
  urlOf?: (subgraph: string) => string;
  /** Turns graphql-shield off: only the benchmark that measures shield's cost does this. */
  withoutShield?: boolean;
  /** The kit's clock: the system clock by default; a test moves its own forward. */
  clock?: Clock;
  log?: Log;
}

/** A built subgraph: its database, its relay, and a server that listens when asked. */
export interface SubgraphApp {
  name: string;
  definition: SubgraphDefinition;
  dataSource: DataSource;
  queries: { count: number };
  relay: OutboxRelay;
  /** The event types its groups subscribed to (the registry test compares them with `consumes`). */
  subscribedTypes: ReadonlySet<string>;
  listen(port: number, host: string): Promise<RunningServer>;
  /** Drains the server (up to `graceMs`, see RunningServer.stop), then stops the relay and the mail sender and closes the database. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * What every subgraph repeats, once: its database and migrations, the outbox relay, the pub/sub,
 * mail (for those that send it), the signed server with readiness, listen and stop. The
 * descriptor's `build` adds what is its own.
 */
export async function createSubgraphApp(descriptor: SubgraphDescriptor, options: SubgraphAppOptions): Promise<SubgraphApp> {
  const { config, relayEvents } = options;
  const { name } = descriptor;
  const log: Log = options.log ?? (() => undefined);
  if (!(name in config.ports)) throw new Error(`subgraph ${name}: the configuration was not loaded for it (pass it to loadConfig)`);
  const definition = await descriptor.load();
  const opened = await openDataSource({ subgraph: name, url: config.databaseUrls[name], dataDir: config.dataDir, databasePrefix: config.databasePrefix, entities: subgraphEntities(definition), mysqlMigrations: definition.mysqlMigrations });
  const { dataSource } = opened;
  const bus = new RecordingBus(options.bus);
  const relay = new OutboxRelay({ source: name, dataSource, bus: options.bus, pollMs: config.outboxPollMs, onError: (e) => log('outbox relay failed; will retry', e) });
  const pubsub = createSubscriptionPubSub(config.events.redisUrl);
  // Mail goes out in every run mode, right after the commit that queued it (and on a poll, for what failed).
  const mail = definition.sendsMail ? new MailSender(dataSource, { subgraph: name, smtpUrl: config.mail.smtpUrl, from: config.mail.from, dataDir: config.dataDir, pollMs: config.outboxPollMs }, log) : null;
  const publishAfterCommit = relay.afterCommit(relayEvents);
  const stopSteps: (() => Promise<void> | void)[] = [];
  const urlOf = options.urlOf ?? ((subgraph: string) => config.subgraphUrls[subgraph]);
  // A subgraph that signs its calls needs its private key at start (fail fast); one that calls nobody holds none.
  const signer: RequestSigner | null = descriptor.signsInternalCalls ? requestSigner(config, name, `${name} (its internal calls to other subgraphs)`) : null;
  const kit: SubgraphKit = {
    name,
    config,
    dataSource,
    bus,
    consumer: name,
    // One call for services: events first (as before), then the mail the same commit queued.
    afterCommit: async () => {
      await publishAfterCommit();
      await mail?.flush();
    },
    get mail(): MailOutbox {
      if (!mail) throw new Error(`subgraph ${name} uses kit.mail, but its definition does not set sendsMail: true (so it has no mail table and no sender)`);
      return mailOutbox;
    },
    pubsub,
    urlOf: (subgraph) => {
      const url = urlOf(subgraph);
      if (!url) throw new Error(`subgraph ${name} called ${subgraph}, which this configuration does not know`);
      return url;
    },
    call: (contract, input) => {
      if (!signer) throw new Error(`subgraph ${name} calls ${contract.service}: its descriptor must say signsInternalCalls`);
      return callRoute(contract, kit.urlOf(contract.service), input, { signer, timeoutMs: config.subgraphTimeoutMs });
    },
    onStop: (step) => void stopSteps.push(step),
    clock: options.clock ?? systemClock,
    log,
  };
  const closeAll = async () => {
    bus.detachAll();
    await relay.stop();
    for (const step of stopSteps) await step();
    // After the subgraph's own steps, which may still queue mail; before the database closes.
    await mail?.stop();
    await pubsub.close();
    await dataSource.destroy();
  };
  let server: Awaited<ReturnType<typeof createSubgraphServer>>;
  let parts: Awaited<ReturnType<SubgraphDefinition['build']>>;
  try {
    parts = await definition.build(kit);
    const { schema } = await definition.schema();
    server = await createSubgraphServer({
      name,
      schema,
      policy: definition.policy,
      signing: config.requestSigning,
      maxRequestBodyBytes: config.maxRequestBodyBytes,
      createContext: parts.createContext,
      isReady: async () => (await dataSource.query('SELECT 1')).length > 0,
      withoutShield: options.withoutShield,
      log,
      internalRoutes: parts.internalRoutes,
      routers: parts.routers,
    });
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
  if (relayEvents) relay.start();
  mail?.start();
  parts.start?.();
  let running: RunningServer | null = null;
  return {
    name,
    definition,
    dataSource,
    queries: opened.queries,
    relay,
    subscribedTypes: bus.types,
    listen: async (port, host) => (running = await server.listen(port, host)),
    stop: async (graceMs?: number) => {
      await running?.stop(graceMs);
      await closeAll();
    },
  };
}
