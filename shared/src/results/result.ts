/**
 * A business-rule or validation failure a service returns instead of throwing. `Code` is the closed
 * set of codes of the subgraph that owns the rule: the kit itself knows no subgraph's codes.
 */
export class RuleViolation<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly field: string[] | null = null,
  ) {
    super(message);
  }
}

/** What every mutation's service answers: the value, or every reason nothing changed. */
export type Result<T, Code extends string> = { ok: true; value: T } | { ok: false; errors: RuleViolation<Code>[] };

/** A success carrying `value` (nothing, for operations with no result of their own). */
export function ok(): { ok: true; value: void };
export function ok<T>(value: T): { ok: true; value: T };
export function ok<T>(value?: T): { ok: true; value: T | undefined } {
  return { ok: true, value };
}

/** A refusal: one or more violations (at least one, so a refusal always says why). */
export function refused<Code extends string>(first: RuleViolation<Code> | RuleViolation<Code>[], ...rest: RuleViolation<Code>[]): { ok: false; errors: RuleViolation<Code>[] } {
  const errors = [...(Array.isArray(first) ? first : [first]), ...rest];
  if (errors.length === 0) throw new Error('A refusal names at least one violation.');
  return { ok: false, errors };
}
