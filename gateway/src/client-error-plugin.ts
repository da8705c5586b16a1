import { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Errors of a well-formed request that GraphQL itself refused (parse, validation, variables, limits). */
const requestErrorCodes = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);

/** True when the client accepts application/json and not application/graphql-response+json (the spec's legacy clients). */
function acceptsOnlyLegacyJson(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  return types.includes('application/json') && !types.includes('application/graphql-response+json') && !types.includes('*/*') && !types.includes('application/*');
}

/**
 * Client errors answered as GraphQL over HTTP says, never as a 500 or a masked error:
 * - a document with several operations and no (or an unknown) operationName is refused with
 *   OPERATION_RESOLUTION_FAILURE and 400 (the gateway's executor would otherwise throw: 500);
 * - an error Apollo answers with a 4xx but no code (a persisted query whose hash does not match,
 *   an unknown persisted-query version) gets BAD_REQUEST instead of being masked;
 * - a client that accepts only application/json gets its parse and validation failures with 200,
 *   as the spec asks of that media type; everyone else gets 400 (application/graphql-response+json
 *   when accepted).
 */
export function clientErrorPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName ? 'No operation in the document has the given operationName.' : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const status = (error.extensions?.http as { status?: number } | undefined)?.status;
            if (error.extensions && error.extensions.code === undefined && status && status >= 400 && status < 500) (error.extensions as Record<string, unknown>).code = 'BAD_REQUEST';
          }
        },
        async willSendResponse({ request, response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const refusedByGraphQL = data === undefined && Boolean(errors?.length) && errors!.every((error) => requestErrorCodes.has(String(error.extensions?.code)));
          if (refusedByGraphQL && acceptsOnlyLegacyJson(request.http?.headers.get('accept'))) response.http.status = 200;
        },
      };
    },
  };
}
