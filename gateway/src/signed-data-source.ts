import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { REQUEST_ID_HEADER, Viewer, signViewer } from '@gatehouse/shared';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
}

/** Forwards each subgraph fetch with the signed viewer and request id, under a timeout. */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: string, timeoutMs: number) {
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const viewer = context?.viewer ?? { kind: 'anonymous' };
    for (const [name, value] of Object.entries(signViewer(viewer, this.secret))) request.http?.headers.set(name, value);
    if (context?.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
