import { signViewer } from './viewer';

/**
 * Calls another service's internal endpoint as the system viewer. `graphqlUrl` is the service's
 * GraphQL URL (as configured for the gateway); internal routes live beside it.
 */
export async function callInternal<T>(
  graphqlUrl: string,
  route: string,
  body: Record<string, unknown>,
  options: { secret: string; caller: string; timeoutMs: number },
): Promise<T> {
  const url = new URL(`/internal/${route}`, graphqlUrl);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signViewer({ kind: 'system', service: options.caller }, options.secret) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) throw new Error(`internal call ${route} answered ${response.status}`);
  return (await response.json()) as T;
}
