import { TestStack, startTestStack } from '../support/test-stack';

describe('unexpected errors', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  it('reach the client as a code and a request id, never the underlying message', async () => {
    const admin = (await t.seed.organization('Acme')).admin;
    // Break identity's storage behind its back: the next list query fails inside the database driver.
    await t.stack.apps.identity.dataSource.query('DROP TABLE organization');
    const response = await t.gql('{ users { totalCount } }', {}, admin.token);
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.message).toBe('Internal server error');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(response)).not.toMatch(/organization|no such table|SQLITE|ER_NO_SUCH_TABLE|doesn.t exist/);
  });
});
