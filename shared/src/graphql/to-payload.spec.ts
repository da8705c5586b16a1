import { RuleViolation, ok, refused } from '../results/result';
import { toPayload } from './to-payload';

type Code = 'TAKEN' | 'TOO_LONG';

describe('toPayload', () => {
  it('a success gives its fields and no user errors', async () => {
    expect(await toPayload(ok(7), async (n) => ({ count: n * 2 }), { count: 0 })).toEqual({ count: 14, userErrors: [] });
  });

  it('a refusal gives the failure fields and one user error per violation, in order, without running the success', async () => {
    let ran = false;
    const result = refused<Code>(new RuleViolation('TAKEN', 'Taken.', ['input', 'name']), new RuleViolation('TOO_LONG', 'Too long.'));
    const payload = await toPayload(result, () => ((ran = true), { count: 1 }), { count: null });
    expect(payload).toEqual({ count: null, userErrors: [{ field: ['input', 'name'], code: 'TAKEN', message: 'Taken.' }, { field: null, code: 'TOO_LONG', message: 'Too long.' }] });
    expect(ran).toBe(false);
  });

  it('a refusal always names a violation', () => {
    expect(() => refused<Code>([])).toThrow();
  });
});
