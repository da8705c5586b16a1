import { SeededMember, SeededOrganization, errorCodes } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';
import { SubscriptionClients, endOf, settle } from '../support/subscription-clients';

const endedForbidden = [[expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]];
const withoutAuditLog = [['a Viewer', 'VIEWER'], ['an Editor', 'EDITOR']];

/** The audit log, its CSV export and its live stream, through the gateway, for members without Audit Log READ. */
describe('the audit log is for Audit Log READ only', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  const members: Record<string, SeededMember> = {};
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    members.VIEWER = await acme.member('VIEWER', 'Vic');
    members.EDITOR = await acme.member('EDITOR', 'Eda');
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  it.each(withoutAuditLog)('%s gets FORBIDDEN and no entry from auditLog and auditLogCsv', async (_who, role) => {
    const log = await t.gql('{ auditLog(first: 10) { totalCount edges { node { action } } } }', {}, members[role].token);
    expect(errorCodes(log)).toEqual(['FORBIDDEN']);
    expect(log.data?.auditLog ?? null).toBeNull();
    // Refused at the field itself, not only by the entries' own guards (a selection of nothing guarded).
    const bare = await t.gql('{ auditLog(first: 10) { __typename } }', {}, members[role].token);
    expect(errorCodes(bare)).toEqual(['FORBIDDEN']);
    expect(bare.data?.auditLog ?? null).toBeNull();
    const csv = await t.gql('{ auditLogCsv }', {}, members[role].token);
    expect(errorCodes(csv)).toEqual(['FORBIDDEN']);
    expect(csv.data?.auditLogCsv ?? null).toBeNull();
    // The Super Admin reads both: the refusal is about the member, not a broken log.
    expect((await t.gql('{ auditLog(first: 1) { totalCount } auditLogCsv }', {}, acme.admin.token)).errors).toBeUndefined();
  });

  it.each(withoutAuditLog)('%s subscribing to auditEventRecorded is ended with FORBIDDEN and hears no entry', async (_who, role) => {
    const watching = ws.watch(ws.connect({ token: members[role].token }), 'subscription { auditEventRecorded { action details } }');
    // From the beginning of the log, too: a resuming subscriber is refused before anything is read.
    const resuming = ws.watch(ws.connect({ token: members[role].token }), 'subscription { auditEventRecorded(afterPosition: 0) { action } }');
    await settle();
    // Something is audited meanwhile: none of it may reach them.
    await t.gql('mutation { createSpace(input: { name: "Audited" }) { space { id } } }', {}, acme.admin.token);
    await Promise.all([endOf(watching), endOf(resuming)]);
    await settle();
    for (const watched of [watching, resuming]) {
      expect(watched.events).toEqual([]);
      expect(watched.errors).toEqual(endedForbidden);
    }
  });

  it('a member with Audit Log READ (the Super Admin) hears the same stream', async () => {
    const watching = ws.watch(ws.connect({ token: acme.admin.token }), 'subscription { auditEventRecorded(filter: { actions: [SPACE_CREATED] }) { action } }');
    await settle();
    await t.gql('mutation { createSpace(input: { name: "Heard" }) { space { id } } }', {}, acme.admin.token);
    const deadline = Date.now() + 5000;
    while (watching.events.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(watching.events).toEqual([{ data: { auditEventRecorded: { action: 'SPACE_CREATED' } } }]);
    expect(watching.errors).toEqual([]);
  });
});
