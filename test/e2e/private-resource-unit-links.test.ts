import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const authorize = 'query($checks: [AccessCheckInput!]!) { authorize(checks: $checks) { allowed effectiveLevel reason } }';
const agent = { type: 'AGENT', id: 'agent-unit-linked' };

/** A private resource's GROUP entry admits the group's members however they are in it: by hand or through a linked unit. */
describe('a private resource listing a group, and members who are in it through a unit', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let inLinkedUnit: SeededMember;
  let inChildUnit: SeededMember;
  let inGrandchildUnit: SeededMember;
  let inSiblingUnit: SeededMember;
  const as = (query: string, variables: Json = {}) => t.gql(query, variables, acme.admin.token);
  const unit = async (name: string, parentId?: string): Promise<string> => {
    const created = await as('mutation($input: CreateOrgUnitInput!) { createOrganizationalUnit(input: $input) { unit { id } userErrors { code } } }', { input: { name, parentId } });
    expect(created.data!.createOrganizationalUnit.userErrors).toEqual([]);
    return created.data!.createOrganizationalUnit.unit.id;
  };
  const putIn = async (unitId: string, member: SeededMember) => {
    const added = await as('mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { userErrors { code } } }', { input: { unitId, userId: member.accountId } });
    expect(added.data!.addUnitMember.userErrors).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    // Viewers: Agents READ each, so only the access list decides.
    [inLinkedUnit, inChildUnit, inGrandchildUnit, inSiblingUnit] = await Promise.all(['Lin', 'Chi', 'Gran', 'Sib'].map((name) => acme.member('VIEWER', name)));
    const company = await unit('Company');
    const marketing = await unit('Marketing', company);
    const social = await unit('Social', marketing);
    const video = await unit('Video', social);
    const sales = await unit('Sales', company);
    await putIn(marketing, inLinkedUnit);
    await putIn(social, inChildUnit);
    await putIn(video, inGrandchildUnit);
    await putIn(sales, inSiblingUnit);
    // The group has no member by hand and grants nothing: its only members come from the Marketing link.
    const group = (await as('mutation { createGroup(input: { name: "Marketing Team", grants: [] }) { group { id } } }')).data!.createGroup.group.id;
    expect((await as('mutation($input: GroupUnitInput!) { linkGroupUnit(input: $input) { userErrors { code } } }', { input: { groupId: group, unitId: marketing } })).data!.linkGroupUnit.userErrors).toEqual([]);
    const set = await as('mutation($input: SetResourceAccessInput!) { setResourceAccess(input: $input) { userErrors { code } } }', {
      input: { resource: agent, visibility: 'PRIVATE', entries: [{ principalType: 'GROUP', principalId: group, level: 'READ' }] },
    });
    expect(set.data!.setResourceAccess.userErrors).toEqual([]);
    // Unit memberships reach access control by event: wait until the group lists all three through the unit.
    const deadline = Date.now() + 5000;
    for (;;) {
      const members = (await as('{ groups { id members { edges { node { id } source } } } }')).data!.groups.find((g: Json) => g.id === group).members.edges as Json[];
      if (members.filter((e) => e.source === 'UNIT').length === 3 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(() => t.stop());

  it('admits a member of the linked unit, and of units below it at any depth', async () => {
    const answers = (await as(authorize, { checks: [inLinkedUnit, inChildUnit, inGrandchildUnit].map((m) => ({ userId: m.accountId, resource: agent, level: 'READ' })) })).data!.authorize;
    expect(answers).toEqual([1, 2, 3].map(() => ({ allowed: true, effectiveLevel: 'READ', reason: 'ALLOWED' })));
  });

  it('refuses a member of a unit beside the linked one: not in the group, so not on the list', async () => {
    const answers = (await as(authorize, { checks: [{ userId: inSiblingUnit.accountId, resource: agent, level: 'READ' }] })).data!.authorize;
    expect(answers).toEqual([{ allowed: false, effectiveLevel: 'READ', reason: 'NOT_IN_ACCESS_LIST' }]);
  });

  it('a member asking about themselves gets the same answer', async () => {
    const own = await t.gql(authorize, { checks: [{ userId: inGrandchildUnit.accountId, resource: agent, level: 'READ' }] }, inGrandchildUnit.token);
    expect(own.data!.authorize).toEqual([{ allowed: true, effectiveLevel: 'READ', reason: 'ALLOWED' }]);
  });
});
