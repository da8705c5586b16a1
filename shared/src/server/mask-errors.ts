import { GraphQLFormattedError } from 'graphql';

/** Codes whose message is meant for the client; anything else is masked. */
const clientCodes = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'SUBGRAPH_UNAVAILABLE',
]);

/**
 * Keeps client-facing errors as they are and reduces every other one to a code (the request id
 * plugin adds the id), so internals (SQL, stack traces, hostnames) never leak. `log` receives the original.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  log: (error: GraphQLFormattedError) => void = () => undefined,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && clientCodes.has(code)) {
    const { stacktrace: _ignored, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log(formatted);
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
