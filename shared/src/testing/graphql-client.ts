import { GatehouseConfig, SubgraphName } from '../config/config';
import { RequestSigner, requestSigner } from '../server/request-signature';
import { Viewer } from '../server/viewer';

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
  return postBody<T>(url, JSON.stringify({ query, variables }), {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.headers ?? {}),
  });
}

/** Posts a body as is (JSON content type) and reads the GraphQL response. */
export async function postBody<T = Record<string, any>>(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  try {
    return { status: response.status, ...JSON.parse(text) };
  } catch {
    return { status: response.status, errors: [{ message: text }] };
  }
}

/** The gateway's signer aimed at one subgraph: what a test needs to call that subgraph as the gateway would. */
export interface SubgraphCaller {
  signer: RequestSigner;
  audience: SubgraphName;
}

/** Signs as the gateway of `config`, for the subgraph `audience`. */
export function gatewayTo(config: Pick<GatehouseConfig, 'requestSigning'>, audience: SubgraphName): SubgraphCaller {
  return { signer: requestSigner(config, 'gateway', 'the test'), audience };
}

/** The signed headers for POSTing `body` to `url` as `viewer` (what the gateway sends). */
export function signedHeaders(caller: SubgraphCaller, url: string, viewer: Viewer, body: string): Record<string, string> {
  const { pathname, search } = new URL(url);
  return caller.signer.sign(viewer, { audience: caller.audience, method: 'POST', path: pathname + search, body });
}

/** Calls a subgraph directly as `viewer`, signed as the gateway signs (for this body, once). */
export function executeAs<T = Record<string, any>>(subgraphUrl: string, caller: SubgraphCaller, viewer: Viewer, query: string, variables: Record<string, unknown> = {}) {
  const body = JSON.stringify({ query, variables });
  return postBody<T>(subgraphUrl, body, signedHeaders(caller, subgraphUrl, viewer, body));
}

/** The codes of a response's errors, in order. */
export function errorCodes(response: GraphQLResponse): string[] {
  return (response.errors ?? []).map((e) => String(e.extensions?.code));
}

/** graphql-ws connection parameters for `url` as the gateway signs them (call once per connection). */
export function signedConnectionParams(caller: SubgraphCaller, url: string, viewer: Viewer): Record<string, string> {
  const { pathname, search } = new URL(url);
  return caller.signer.sign(viewer, { audience: caller.audience, method: 'WS-CONNECT', path: pathname + search, body: '' });
}
