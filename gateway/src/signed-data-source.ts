import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER, Viewer, signViewer } from '@gatehouse/shared';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The caller's network address (login throttling per address). */
  clientAddress: string;
}

/** Forwards each subgraph fetch with the signed viewer and request id, under a timeout. */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(serviceName: string, url: string, private readonly secret: string, timeoutMs: number) {
    super({
      url,
      fetcher: (async (input: string, init?: RequestInit) => {
        try {
          return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        } catch {
          // Refused, reset or timed out: say which service, so clients can tell partial data apart.
          throw new GraphQLError(`The ${serviceName} service is unavailable.`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName } });
        }
      }) as never,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const viewer = context?.viewer ?? { kind: 'anonymous' };
    for (const [name, value] of Object.entries(signViewer(viewer, this.secret, Date.now(), context?.clientAddress ?? ''))) request.http?.headers.set(name, value);
    if (context?.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
