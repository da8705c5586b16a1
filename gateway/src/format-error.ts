import { GraphQLFormattedError } from 'graphql';

/**
 * A subgraph that cannot be reached shows up as a fetch failure inside the gateway; say so with
 * a code clients can act on (the rest of the response still carries the other subgraphs' data).
 */
export function gatewayFormatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const rejected = subgraphRejection(formatted);
  if (rejected) return rejected;
  const service = formatted.extensions?.serviceName;
  const message = formatted.message ?? '';
  const unreachable = /ECONNREFUSED|fetch failed|socket hang up|ETIMEDOUT|aborted|timeout/i.test(message);
  if (unreachable) {
    return {
      message: `The ${typeof service === 'string' ? service : 'upstream'} service is unavailable.`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', ...(typeof service === 'string' ? { serviceName: service } : {}) },
    };
  }
  return formatted;
}

/**
 * A subgraph that refuses the whole request (HTTP 400, e.g. a custom scalar such as EmailAddress
 * the gateway cannot check) reaches the gateway as "400: Bad Request" with the subgraph's errors
 * inside; hand the client the subgraph's own error and code.
 */
function subgraphRejection(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const response = formatted.extensions?.response as { status?: number; body?: { errors?: GraphQLFormattedError[] } } | undefined;
  const inner = response?.status === 400 ? response.body?.errors?.[0] : undefined;
  if (!inner || typeof inner.extensions?.code !== 'string') return null;
  const code = inner.extensions.code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : inner.extensions.code;
  return { message: inner.message, path: formatted.path, extensions: { code } };
}
