import { Repository } from 'typeorm';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { id status space { id } } userErrors { code } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { id } userErrors { code } } }`;
const revokeMutation = `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { id } userErrors { code } } }`;
const listQuery = '{ invitations(first: 10) { totalCount edges { node { id } } } }';

/**
 * A space admin holds Team Members WRITE in one space only (a role given in that space), and
 * nothing on Team Members across the organization: they manage their space's invitations and
 * nothing else, and the organization's list is not theirs to read.
 */
describe("a space admin's reach over invitations", () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let spaceAdmin: SeededMember;
  let marketing: string;
  let sales: string;
  let rows: Repository<Invitation>;
  const as = (member: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, member.token) as Promise<Json>;
  const invited = async (member: SeededMember, input: Json) => {
    const response = await as(member)(inviteMutation, { input });
    expect(response.data.inviteTeammate.userErrors).toEqual([]);
    return response.data.inviteTeammate.invitation as Json;
  };
  const snapshot = async () => (await rows.find({ order: { id: 'ASC' } })).map((r) => ({ ...r, sentAt: r.sentAt.getTime(), expiresAt: r.expiresAt.getTime() }));

  beforeAll(async () => {
    t = await startTestStack();
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    acme = await t.seed.organization('Acme');
    const createSpace = async (name: string) => (await as(acme.admin)('mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } } }', { input: { name } })).data.createSpace.space.id as string;
    marketing = await createSpace('Marketing');
    sales = await createSpace('Sales');
    // Cloosphere's User grants nothing by itself (no groups, no default permissions here); Admin in Marketing only.
    spaceAdmin = await acme.member('USER', 'Sam');
    const assigned = await as(acme.admin)('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: spaceAdmin.accountId, roleId: await acme.roleId('ADMIN'), spaceId: marketing } });
    expect(assigned.data.assignRole.userErrors).toEqual([]);
  });
  afterAll(() => t.stop());

  it('invites into their space but cannot read the organization\'s list, which takes Team Members READ across the organization', async () => {
    const mine = await invited(spaceAdmin, { email: 'mkt@example.com', spaceId: marketing });
    expect(mine).toMatchObject({ status: 'PENDING', space: { id: marketing } });
    const refused = await as(spaceAdmin)(listQuery);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.invitations ?? null).toBeNull();
    // The organization's Super Admin sees it.
    expect((await as(acme.admin)(listQuery)).data.invitations.edges.map((e: Json) => e.node.id)).toContain(mine.id);
  });

  it('can neither resend nor revoke an organization-wide invitation or one into another space', async () => {
    const orgWide = await invited(acme.admin, { email: 'org@example.com' });
    const intoSales = await invited(acme.admin, { email: 'sales@example.com', spaceId: sales });
    const before = await snapshot();
    for (const invitation of [orgWide, intoSales]) {
      for (const mutation of [resendMutation, revokeMutation]) {
        const response = await as(spaceAdmin)(mutation, { input: { id: invitation.id } });
        expect({ invitation: invitation.id, mutation: mutation.slice(0, 40), code: response.errors?.[0]?.extensions?.code }).toEqual({ invitation: invitation.id, mutation: mutation.slice(0, 40), code: 'FORBIDDEN' });
      }
    }
    expect(await snapshot()).toEqual(before);
    // Their own space's invitation they resend and revoke.
    const mine = await invited(spaceAdmin, { email: 'mine@example.com', spaceId: marketing });
    expect((await as(spaceAdmin)(resendMutation, { input: { id: mine.id } })).data.resendInvitation.userErrors).toEqual([]);
    expect((await as(spaceAdmin)(revokeMutation, { input: { id: mine.id } })).data.revokeInvitation.userErrors).toEqual([]);
  });
});
