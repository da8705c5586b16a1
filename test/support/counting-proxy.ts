import { createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

export interface CountingProxy {
  /** Where to send requests instead of the target (same path layout: `<url>/graphql`). */
  url: string;
  /** GraphQL operations forwarded so far (POST /graphql): a subgraph resolver was asked for something. */
  graphqlRequests(): number;
  close(): Promise<void>;
}

/**
 * A plain HTTP forwarder on loopback in front of a subgraph, counting the GraphQL requests that
 * pass. Put between a gateway and its subgraphs, it shows whether a document the gateway refused
 * still reached a subgraph's resolvers.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  let graphqlRequests = 0;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.split('?')[0] === '/graphql') graphqlRequests += 1;
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    graphqlRequests: () => graphqlRequests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
