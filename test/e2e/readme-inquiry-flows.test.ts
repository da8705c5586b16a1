import { readmeOperations, readmeRunner } from '../support/readme-operations';
import { SubscriptionClients, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the README inquiry flows', () => {
  let t: TestStack;
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it('run as printed and do what they say', async () => {
    const acme = await t.seed.organization('Acme');
    const mia = await acme.member('VIEWER', 'Mia');
    const operations = readmeOperations('Inquiries');
    expect(operations.map((o) => o.name)).toEqual(['InquiryTypes', 'ContactAdmin', 'Board', 'StartWork', 'Note', 'ApplyRequest', 'WatchBoard']);
    const asMia = readmeRunner(t, operations, mia.token);
    const asAdmin = readmeRunner(t, operations, acme.admin.token);

    expect((await t.gql(operations[0].document, {}, mia.token)).data!.inquiryTypes.map((type: { key: string }) => type.key)).toEqual(['USAGE_LIMIT', 'FEATURE', 'BUG', 'ACCOUNT', 'OTHER']);
    const board = ws.watch(ws.connect({ token: acme.admin.token }), operations.find((o) => o.name === 'WatchBoard')!.document);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const sent = await asMia('ContactAdmin');
    expect(sent.inquiry).toMatchObject({ status: 'OPEN', requestedChange: { dailyTokens: 200_000 } });
    const inquiryId = sent.inquiry.id;
    const seen = (await t.gql(operations.find((o) => o.name === 'Board')!.document, {}, acme.admin.token)).data!.inquiryBoard;
    expect(seen.open).toEqual({ totalCount: 1, edges: [{ node: { id: inquiryId, title: 'More tokens for the Q3 report', author: { email: mia.email }, replyCount: 0 } }] });
    expect([seen.inProgress.totalCount, seen.resolved.totalCount, seen.closed.totalCount]).toEqual([0, 0, 0]);

    expect((await asAdmin('StartWork', { inquiryId })).inquiry).toEqual({ status: 'IN_PROGRESS' });
    expect((await asAdmin('Note', { inquiryId })).reply).toMatchObject({ internal: true });
    expect((await asAdmin('ApplyRequest', { inquiryId })).inquiry).toMatchObject({ status: 'RESOLVED', requestedChange: { dailyTokens: 200_000, appliedAt: expect.any(String) } });
    expect((await t.gql('{ viewer { dailyTokenLimit } }', {}, mia.token)).data!.viewer.dailyTokenLimit).toBe(200_000);

    await until(() => board.events.length >= 4);
    expect(board.events.map((e) => e.data.inquiryBoardChanged.change)).toEqual(['CREATED', 'MOVED', 'NOTE_ADDED', 'REQUEST_APPLIED']);
  });
});
