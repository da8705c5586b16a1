import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestSigner, Viewer, parsePrivateKey } from '@gatehouse/shared';

/**
 * The peer issue 17 compares the gateway with: bare Apollo Gateway on the same supergraph and
 * subgraphs, doing only what the subgraphs require to answer at all (each fetch signed with one
 * fixed viewer). No token check, no viewer lookup, no limits: Gatehouse's own work is the difference.
 * Run as its own process by bench/load: BARE_PORT, BARE_VIEWER (JSON), GATEWAY_SIGNING_KEY, <NAME>_URL.
 */
async function main(): Promise<void> {
  const signer = new RequestSigner('gateway', parsePrivateKey(process.env.GATEWAY_SIGNING_KEY!)!);
  const viewer = JSON.parse(process.env.BARE_VIEWER!) as Viewer;
  const urls = JSON.parse(process.env.BARE_SUBGRAPH_URLS!) as Record<string, string>;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource({
        url: urls[name],
        fetcher: (async (input: string, init: RequestInit & { headers: Record<string, string> }) => {
          const { pathname } = new URL(input);
          return fetch(input, { ...init, headers: { ...init.headers, ...signer.sign(viewer, { audience: name, method: init.method ?? 'POST', path: pathname, body: String(init.body ?? '') }) } });
        }) as never,
      }),
  });
  const server = new ApolloServer({ gateway, plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginUsageReportingDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.BARE_PORT), host: '127.0.0.1' } });
  console.log(`bare gateway listening on ${url}`);
  process.once('SIGTERM', () => process.exit(0)); // exits through Node, so --cpu-prof writes its profile
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
