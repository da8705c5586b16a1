import { GraphQLFormattedError } from 'graphql';

/**
 * A subgraph that refuses the whole request (HTTP 400, e.g. a custom scalar such as EmailAddress
 * the gateway cannot check) reaches the gateway as "400: Bad Request" with the subgraph's errors
 * inside; hand the client the subgraph's own error and code.
 */
export function gatewayFormatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const response = formatted.extensions?.response as { status?: number; body?: { errors?: GraphQLFormattedError[] } } | undefined;
  const inner = response?.status === 400 ? response.body?.errors?.[0] : undefined;
  if (!inner || typeof inner.extensions?.code !== 'string') return formatted;
  const code = inner.extensions.code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : inner.extensions.code;
  return { message: inner.message, path: formatted.path, extensions: { code } };
}
