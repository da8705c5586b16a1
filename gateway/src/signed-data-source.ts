import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { CLIENT_ADDRESS_HEADER, REQUEST_ID_HEADER, RequestSigner, VIEWER_HEADER, Viewer, encodeViewer } from '@gatehouse/shared';
import { deadlineHeader, timeLeftMs } from './request-deadline';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The caller's network address (login throttling per address). */
  clientAddress: string;
  /** When the client request must be answered by (epoch ms); every fetch gets what is left of it. */
  deadline?: number;
}

/**
 * Forwards each subgraph fetch with the viewer and request id, under the request's deadline (else a
 * timeout). The signature is made in the fetcher, where the exact body, method and URL are known: it
 * covers them, the subgraph's name and a fresh nonce, so it is good for this one request only.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(serviceName: string, url: string, signer: RequestSigner, timeoutMs: number) {
    const { pathname, search } = new URL(url);
    const path = pathname + search;
    super({
      url,
      fetcher: (async (input: string, init: RequestInit & { headers: Record<string, string> }) => {
        const { [deadlineHeader]: deadline, ...headers } = init.headers;
        const budgetMs = deadline ? timeLeftMs(Number(deadline)) : timeoutMs;
        const signed = signer.sign(headers[VIEWER_HEADER], { audience: serviceName, method: init.method ?? 'POST', path: input === url ? path : new URL(input).pathname + new URL(input).search, body: String(init.body ?? '') }, headers[CLIENT_ADDRESS_HEADER] ?? '');
        try {
          return await fetch(input, { ...init, headers: { ...headers, ...signed }, signal: AbortSignal.timeout(budgetMs) });
        } catch {
          // Refused, reset or timed out: say which service, so clients can tell partial data apart.
          throw new GraphQLError(`The ${serviceName} service is unavailable.`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName } });
        }
      }) as never,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    request.http?.headers.set(VIEWER_HEADER, encodeViewer(context?.viewer ?? { kind: 'anonymous' }));
    if (context?.clientAddress) request.http?.headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
    if (context?.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context?.deadline) request.http?.headers.set(deadlineHeader, String(context.deadline));
  }
}
