import { GraphQLFormattedError } from 'graphql';

/**
 * A subgraph that cannot be reached shows up as a fetch failure inside the gateway; say so with
 * a code clients can act on (the rest of the response still carries the other subgraphs' data).
 */
export function gatewayFormatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
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
