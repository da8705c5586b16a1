import { auditServer } from 'graphql-http';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the gateway and the GraphQL-over-HTTP specification', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('passes graphql-http\'s conformance audit with no failure and no warning', async () => {
    const results = await auditServer({ url: t.stack.gatewayUrl, fetchFn: fetch });
    const by = (status: string) => results.filter((result) => result.status === status).map((result) => result.id);
    expect({ error: by('error'), warn: by('warn') }).toEqual({ error: [], warn: [] });
    // Three MAYs stay unmet on purpose: CSRF prevention refuses a GET that carries neither a
    // content-type nor Apollo's preflight header, which is what a cross-site <img> or link sends.
    expect(by('notice').sort()).toEqual(['5A70', '6A70', 'D6D5']);
    expect(by('ok').length).toBe(results.length - 3);
    console.log(`graphql-http audit: ${by('ok').length} ok, ${by('notice').length} notices, 0 warnings, 0 errors`);
  });
});
