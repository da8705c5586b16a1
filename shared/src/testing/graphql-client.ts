import { Viewer, signViewer } from '../server/viewer';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** Posts an operation over real HTTP, with an optional bearer token or extra headers. */
export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.headers ?? {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...JSON.parse(text) };
  } catch {
    return { status: response.status, errors: [{ message: text }] };
  }
}

/** Calls a subgraph directly as `viewer`, signed with `secret` (what the gateway does). */
export function executeAs<T = Record<string, any>>(subgraphUrl: string, secret: string, viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
  return postGraphQL<T>(subgraphUrl, query, variables, { headers: signViewer(viewer, secret) });
}

/** The codes of a response's errors, in order. */
export function errorCodes(response: GraphQLResponse): string[] {
  return (response.errors ?? []).map((e) => String(e.extensions?.code));
}
