// Test kit: isolated configs and databases, real HTTP GraphQL clients, the seed builder.
export * from './test-config';
export * from './graphql-client';
export * from './seed';
export * from './smtp-listener';
