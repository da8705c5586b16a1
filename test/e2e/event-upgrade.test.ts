import { recordEvent } from '@gatehouse/shared';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const entriesQuery = `query($filter: AuditLogFilter) { auditLog(first: 50, filter: $filter) { edges { node { action targetId source details } } } }`;

/**
 * Upgrading renames event types (ROLE_CHANGE became role_assignment.changed): an event an older
 * access control wrote under the old name, still in its outbox when the new version starts, is
 * consumed like the new one by every consumer (the audit log, the gateway's viewer cache).
 */
describe('events written under a former type name', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let vera: SeededMember;

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    vera = await acme.member('VIEWER', 'Vera');
  });
  afterAll(() => t.stop());

  it('a ROLE_CHANGE left in the outbox is audited as a ROLE_CHANGE and evicts the member from the gateway cache', async () => {
    const evicted: unknown[] = [];
    const stop = t.stack.gateway.viewers.onInvalidate((scope) => void evicted.push(scope));
    const payload = {
      organizationId: acme.id,
      actorId: acme.admin.accountId,
      targetId: vera.accountId,
      roleId: await acme.roleId('EDITOR'),
      roleName: 'Editor (written before the upgrade)',
      change: 'ASSIGNED',
      scope: 'ORGANIZATION',
      spaceId: null,
      rolesBefore: ['Viewer'],
      rolesAfter: ['Editor', 'Viewer'],
    };
    const { dataSource, relay } = t.stack.apps['access-control'];
    await dataSource.transaction((manager) => recordEvent(manager, 'ROLE_CHANGE', payload));
    await relay.flush();
    stop();
    const entries = (await t.gql(entriesQuery, { filter: { targetId: vera.accountId, actions: ['ROLE_CHANGE'] } }, acme.admin.token)).data!.auditLog.edges.map((e: { node: unknown }) => e.node);
    expect(entries).toContainEqual(expect.objectContaining({ action: 'ROLE_CHANGE', source: 'access-control', details: expect.objectContaining({ roleName: 'Editor (written before the upgrade)' }) }));
    expect(evicted).toContainEqual({ accountId: vera.accountId });
  });
});
