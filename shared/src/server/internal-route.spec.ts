import { z } from 'zod';
import { defineInternalRoute, implementRoute } from './internal-route';
import { Viewer } from './viewer';

const caller: Viewer = { kind: 'system', service: 'identity' };
const route = defineInternalRoute({
  service: 'access-control',
  name: 'member-reach',
  callers: ['identity'],
  input: z.object({ organizationId: z.string(), accountIds: z.array(z.string()).max(2) }),
  output: z.object({ count: z.number() }),
});

describe('an implemented internal route', () => {
  const calls: unknown[] = [];
  const implemented = implementRoute(route, async (input) => {
    calls.push(input);
    return { count: input.accountIds.length };
  });
  beforeEach(() => void calls.splice(0));

  it('runs the handler on the parsed input', async () => {
    expect(await implemented.run({ organizationId: 'o', accountIds: ['a', 'b'] }, caller)).toEqual({ ok: true, output: { count: 2 } });
    expect(calls).toEqual([{ organizationId: 'o', accountIds: ['a', 'b'] }]);
  });

  it.each([
    ['a missing field', { accountIds: [] }],
    ['a wrong type', { organizationId: 42, accountIds: [] }],
    ['an array over its maximum', { organizationId: 'o', accountIds: ['a', 'b', 'c'] }],
    ['an array of the wrong items', { organizationId: 'o', accountIds: [1] }],
    ['no object at all', 'member-reach'],
  ])('refuses %s, naming the field, without calling the handler', async (_what, body) => {
    const run = await implemented.run(body, caller);
    expect(run.ok).toBe(false);
    expect(!run.ok && run.message).toContain('Invalid body for member-reach');
    expect(calls).toEqual([]);
  });
});
