import { Result, RuleViolation } from '../results/result';
import { UserErrorOf } from './user-error';

/** A violation as a payload's user error. */
export function toUserError<Code extends string>(violation: RuleViolation<Code>): UserErrorOf<Code> {
  return { field: violation.field, code: violation.code, message: violation.message };
}

/**
 * Turns a service's result into a mutation payload: the success's fields with no user errors, or
 * the refusal's fields (`failed`: the payload's nulls and zeros) with one user error per violation.
 * The one place a resolver's answer branches on success, so resolvers only translate.
 */
export async function toPayload<T, Code extends string, Succeeded extends object, Failed extends object>(
  result: Result<T, Code>,
  succeeded: (value: T) => Succeeded | Promise<Succeeded>,
  failed: Failed,
): Promise<(Succeeded | Failed) & { userErrors: UserErrorOf<Code>[] }> {
  if (!result.ok) return { ...failed, userErrors: result.errors.map(toUserError) };
  return { ...(await succeeded(result.value)), userErrors: [] };
}
