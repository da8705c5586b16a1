// The shared kit's public surface: services import from '@gatehouse/shared' only.
import 'reflect-metadata';

export * from './authz/catalogue';
export * from './authz/built-in-roles';
export * from './authz/effective-permissions';
export * from './authz/requirements';
export * from './authz/policy';
export * from './config/config';
export * from './db/data-source';
export * from './events/event-bus';
export * from './events/redis-streams-bus';
export * from './events/create-event-bus';
export * from './events/pubsub';
export * from './events/outbox';
export * from './events/outbox-event.entity';
export * from './events/processed-event.entity';
export * from './events/consume-once';
export * from './federation/build-federated-schema';
export * from './graphql/connection';
export * from './graphql/user-error';
export * from './graphql/permission-types';
export * from './server/viewer';
export * from './server/live-viewer';
export * from './server/mask-errors';
export * from './server/request-id-plugin';
export * from './server/create-subgraph-server';
export * from './server/internal-client';
export * from './auth/access-token';
