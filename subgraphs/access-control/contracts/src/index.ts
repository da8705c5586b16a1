// The access-control subgraph's contracts with other services, importable without its app.
export * from './events';
export * from './internal-routes';
export * from './permission-changes';
