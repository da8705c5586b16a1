// The inquiries subgraph's contracts with other services, importable without its app.
export * from './events';
