import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER, RequestSigner, Viewer, encodeViewer, keepAlivePost } from '@gatehouse/shared';
import { timeLeftMs } from './request-deadline';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The caller's network address (login throttling per address). */
  clientAddress: string;
  /** When the client request must be answered by (epoch ms); every fetch gets what is left of it. */
  deadline?: number;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type FetcherResponse = Parameters<RemoteGraphQLDataSource['parseBody']>[0];

/** Each viewer encoded once, however many fetches its request's plan makes. */
const encodedViewers = new WeakMap<Viewer, string>();

function encodedViewer(viewer: Viewer): string {
  let encoded = encodedViewers.get(viewer);
  if (encoded === undefined) encodedViewers.set(viewer, (encoded = encodeViewer(viewer)));
  return encoded;
}

/**
 * Forwards each subgraph fetch with the viewer and request id, under the request's deadline (else a
 * timeout). The signature covers the exact body, method and path, the subgraph's name and a fresh
 * nonce, so it is good for this one request only.
 *
 * `process` is Apollo's own, less what we never use (persisted queries to subgraphs, subgraph
 * cache hints: the gateway answers `no-store`), sent over a keep-alive node:http agent (see
 * keep-alive-post.ts in the shared kit); answers that are not 2xx become the same errors Apollo's data source makes.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly target: URL;
  private readonly path: string;

  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly signer: RequestSigner,
    private readonly timeoutMs: number,
  ) {
    super({ url });
    this.target = new URL(url);
    this.path = this.target.pathname + this.target.search;
  }

  override async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!request.query) throw new Error('Missing query');
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
    const viewer = (context as Partial<GatewayContext> | undefined)?.viewer ?? { kind: 'anonymous' as const };
    const clientAddress = (context as Partial<GatewayContext> | undefined)?.clientAddress ?? '';
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...this.signer.sign(encodedViewer(viewer), { audience: this.serviceName, method: 'POST', path: this.path, body }, clientAddress),
    };
    if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    if (clientAddress) headers[CLIENT_ADDRESS_HEADER] = clientAddress;
    const budgetMs = context?.deadline ? timeLeftMs(context.deadline) : this.timeoutMs;
    let response;
    try {
      response = await keepAlivePost(this.target, headers, body, budgetMs);
    } catch {
      // Refused, reset or timed out: say which service, so clients can tell partial data apart.
      throw new GraphQLError(`The ${this.serviceName} service is unavailable.`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName } });
    }
    if (!response.ok) throw await this.errorFromResponse(response as unknown as FetcherResponse);
    const parsed = await this.parseBody(response as unknown as FetcherResponse);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    return parsed as GatewayGraphQLResponse;
  }
}
