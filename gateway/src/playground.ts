import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

let page: string | null = null;

/** A GraphiQL page with every script and style inlined: it works with no internet. */
export function playgroundPage(): string {
  page ??= renderGraphiQL({
    endpoint: '/graphql',
    title: 'Gatehouse playground',
    defaultQuery: '# Sign in with the logIn mutation, then set the header:\n# { "Authorization": "Bearer <accessToken>" }\nquery Me {\n  viewer { id email fullName roles { name } }\n}\n',
    headerEditorEnabled: true,
  } as never);
  return page;
}
