// The metering subgraph's contracts with other services, importable without its app.
export * from './events';
export * from './internal-routes';
