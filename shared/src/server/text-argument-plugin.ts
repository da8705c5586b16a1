import { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { textArgumentError } from '../graphql/text-limits';

/**
 * Refuses an operation whose text arguments are longer than their fields allow or are not
 * well-formed Unicode (see text-limits), once the operation is known and before it executes:
 * no resolver, no SQL.
 */
export function textArgumentPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const error = textArgumentError(schema, document, request.variables);
          if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}
