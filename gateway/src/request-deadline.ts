/**
 * One deadline per client request, shared by the viewer look-up and every subgraph fetch the
 * query plan makes: a frozen subgraph costs the request one SUBGRAPH_TIMEOUT_MS in all, not one
 * per step.
 */
export function requestDeadline(timeoutMs: number): number {
  return Date.now() + timeoutMs;
}

/** What is left of a deadline, for `AbortSignal.timeout` (0 once it has passed: the step fails at once). */
export function timeLeftMs(deadline: number): number {
  return Math.max(0, deadline - Date.now());
}

/** The promise's value if it settles within `ms`, else undefined (the promise itself goes on). */
export function valueWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
