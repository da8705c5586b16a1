import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { RequestSigner, Viewer, parsePrivateKey } from '@gatehouse/shared';

/**
 * The second peer issue 17 compares with: Hive Gateway 2.15 on the same supergraph and subgraphs,
 * its in-flight request deduplication off (every Gatehouse request is signed differently, so
 * identical requests never share an answer), each subgraph fetch signed with one fixed viewer as
 * the bare Apollo peer does. Run as its own process by bench/load: HIVE_PORT, BARE_VIEWER (JSON),
 * GATEWAY_SIGNING_KEY, BARE_SUBGRAPH_URLS (JSON).
 */
async function main(): Promise<void> {
  const signer = new RequestSigner('gateway', parsePrivateKey(process.env.GATEWAY_SIGNING_KEY!)!);
  const viewer = JSON.parse(process.env.BARE_VIEWER!) as Viewer;
  const urls = JSON.parse(process.env.BARE_SUBGRAPH_URLS!) as Record<string, string>;
  // The committed supergraph names placeholder URLs: this run's ports instead.
  const supergraph = readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8').replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_, name: string) => `@join__graph(name: "${name}", url: "${urls[name]}")`);
  const audienceOf = new Map(Object.entries(urls).map(([name, url]) => [new URL(url).port, name]));
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    graphiql: false,
    landingPage: false,
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    plugins: () => [
      {
        onFetch({ url, options, setOptions }) {
          const target = new URL(url);
          const headers = { ...(options.headers as Record<string, string>), ...signer.sign(viewer, { audience: audienceOf.get(target.port)!, method: options.method ?? 'POST', path: target.pathname + target.search, body: String(options.body ?? '') }) };
          setOptions({ ...options, headers });
        },
      },
    ],
  });
  const server = createServer(runtime);
  server.listen(Number(process.env.HIVE_PORT), '127.0.0.1', () => console.log(`hive gateway listening on ${process.env.HIVE_PORT}`));
  process.once('SIGTERM', () => process.exit(0)); // exits through Node, so --cpu-prof writes its profile
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
