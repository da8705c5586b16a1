import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER, Viewer, signViewer } from '@gatehouse/shared';
import { deadlineHeader, timeLeftMs } from './request-deadline';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The caller's network address (login throttling per address). */
  clientAddress: string;
  /** When the client request must be answered by (epoch ms); every fetch gets what is left of it. */
  deadline?: number;
}

/** Forwards each subgraph fetch with the signed viewer and request id, under the request's deadline (else a timeout). */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(serviceName: string, url: string, private readonly secret: string, timeoutMs: number) {
    super({
      url,
      fetcher: (async (input: string, init?: RequestInit) => {
        const { [deadlineHeader]: deadline, ...headers } = (init?.headers ?? {}) as Record<string, string>;
        const budgetMs = deadline ? timeLeftMs(Number(deadline)) : timeoutMs;
        try {
          return await fetch(input, { ...init, headers, signal: AbortSignal.timeout(budgetMs) });
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
    if (context?.deadline) request.http?.headers.set(deadlineHeader, String(context.deadline));
  }
}
