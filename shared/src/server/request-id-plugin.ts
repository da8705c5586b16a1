import { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** Adds the request id to every error a response carries, so a masked error can be traced in the logs. */
export function requestIdPlugin<C extends BaseContext & { requestId: string }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            (error as { extensions?: Record<string, unknown> }).extensions = { ...(error.extensions ?? {}), requestId: contextValue.requestId };
          }
        },
      };
    },
  };
}
