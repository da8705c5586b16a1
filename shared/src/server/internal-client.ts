import { z } from 'zod';
import { InternalRouteContract } from './internal-route';
import { keepAlivePost } from './keep-alive-post';
import { RequestSigner } from './request-signature';

export interface RouteCallOptions {
  /** The calling service's signer: the callee accepts only the callers its contract lists, by their keys. */
  signer: RequestSigner;
  timeoutMs: number;
}

/**
 * Calls another service's internal route as the calling service's system viewer, signed for the
 * route's service, path and body, and returns its answer checked against the contract's output.
 * `graphqlUrl` is the service's GraphQL URL (as configured for the gateway); internal routes live
 * beside it.
 */
export async function callRoute<I extends z.ZodType, O extends z.ZodType>(contract: InternalRouteContract<I, O>, graphqlUrl: string, input: z.input<I>, options: RouteCallOptions): Promise<z.output<O>> {
  const url = new URL(`/internal/${contract.name}`, graphqlUrl);
  const text = JSON.stringify(input);
  const signed = options.signer.sign({ kind: 'system', service: options.signer.service }, { audience: contract.service, method: 'POST', path: url.pathname + url.search, body: text });
  const response = await keepAlivePost(url, { 'content-type': 'application/json', ...signed }, text, options.timeoutMs);
  if (!response.ok) throw new Error(`internal call ${contract.name} answered ${response.status}`);
  const answer = contract.output.safeParse(await response.json());
  // A callee answering outside its contract (another version mid-upgrade, a bug) is a failed call, not data to trust.
  if (!answer.success) throw new Error(`internal call ${contract.name} answered outside its contract: ${z.prettifyError(answer.error)}`);
  return answer.data;
}
