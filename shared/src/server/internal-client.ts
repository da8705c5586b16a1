import { RequestSigner } from './request-signature';

export interface InternalCallOptions {
  /** The calling service's signer: the callee accepts only the callers it lists, by their keys. */
  signer: RequestSigner;
  /** The callee's name: the signature is good for that service only. */
  audience: string;
  timeoutMs: number;
}

/**
 * Calls another service's internal endpoint as the calling service's system viewer, signed for
 * this route and body. `graphqlUrl` is the service's GraphQL URL (as configured for the gateway);
 * internal routes live beside it.
 */
export async function callInternal<T>(graphqlUrl: string, route: string, body: Record<string, unknown>, options: InternalCallOptions): Promise<T> {
  const url = new URL(`/internal/${route}`, graphqlUrl);
  const text = JSON.stringify(body);
  const signed = options.signer.sign({ kind: 'system', service: options.signer.service }, { audience: options.audience, method: 'POST', path: url.pathname + url.search, body: text });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signed },
    body: text,
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) throw new Error(`internal call ${route} answered ${response.status}`);
  return (await response.json()) as T;
}
