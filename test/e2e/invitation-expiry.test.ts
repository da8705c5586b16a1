import { AdjustableClock, adjustableClock } from '@gatehouse/shared';
import { SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dayMs = 24 * 60 * 60 * 1000;
const fields = 'id email status sentAt expiresAt';
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { ${fields} } userErrors { code } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { ${fields} } userErrors { code } } }`;
const listQuery = `query($filter: InvitationFilter) { invitations(first: 10, filter: $filter) { totalCount edges { node { ${fields} } } } }`;

/**
 * The 7-day expiry on a clock the test moves (every subgraph of the stack reads it): no row is
 * edited, the invitation ages as it would over a week.
 */
describe('invitations expire 7 days after they are sent or resent', () => {
  let t: TestStack;
  let clock: AdjustableClock;
  let acme: SeededOrganization;
  const as = (query: string, variables: Json) => t.gql(query, variables, acme.admin.token) as Promise<Json>;
  /** Moves the clock to `at` (epoch ms): the time the invitations subgraph reads from then on. */
  const moveTo = (at: number) => clock.advance(at - clock.now());
  /** The invitation as the list shows it, and how many invitations of its address each status filter counts. */
  const seen = async (email: string) => {
    const [all, pending, expired] = await Promise.all([undefined, 'PENDING', 'EXPIRED'].map((status) => as(listQuery, { filter: { search: email, ...(status ? { status } : {}) } })));
    for (const response of [all, pending, expired]) expect(response.errors).toBeUndefined();
    return { status: all.data.invitations.edges[0].node.status, pending: pending.data.invitations.totalCount, expired: expired.data.invitations.totalCount };
  };

  beforeAll(async () => {
    clock = adjustableClock();
    t = await startTestStack({}, { clock });
    acme = await t.seed.organization('Acme');
  });
  afterAll(() => t.stop());

  it('is PENDING one second before the 7 days are up and EXPIRED one second after, in the list and in the status filter', async () => {
    const response = await as(inviteMutation, { input: { email: 'week@example.com' } });
    const invitation = response.data.inviteTeammate.invitation;
    const sentAt = Date.parse(invitation.sentAt);
    expect(Date.parse(invitation.expiresAt)).toBe(sentAt + 7 * dayMs);
    // Sent on the test's clock, not the system's.
    expect(Math.abs(sentAt - clock.now())).toBeLessThan(5000);

    moveTo(sentAt + 7 * dayMs - 1000);
    expect(await seen('week@example.com')).toEqual({ status: 'PENDING', pending: 1, expired: 0 });
    moveTo(sentAt + 7 * dayMs + 1000);
    expect(await seen('week@example.com')).toEqual({ status: 'EXPIRED', pending: 0, expired: 1 });
  });

  it('a resent expired invitation is PENDING again, valid for 7 days from the resend', async () => {
    const invitation = (await as(inviteMutation, { input: { email: 'again@example.com' } })).data.inviteTeammate.invitation;
    moveTo(Date.parse(invitation.expiresAt) + 3 * dayMs);
    expect((await seen('again@example.com')).status).toBe('EXPIRED');

    const resentAt = clock.now();
    const resent = (await as(resendMutation, { input: { id: invitation.id } })).data.resendInvitation;
    expect(resent.userErrors).toEqual([]);
    expect(resent.invitation.status).toBe('PENDING');
    const sentAt = Date.parse(resent.invitation.sentAt);
    expect(sentAt).toBeGreaterThanOrEqual(resentAt);
    expect(sentAt - resentAt).toBeLessThan(5000);
    expect(Date.parse(resent.invitation.expiresAt)).toBe(sentAt + 7 * dayMs);
    expect(await seen('again@example.com')).toEqual({ status: 'PENDING', pending: 1, expired: 0 });

    moveTo(sentAt + 7 * dayMs - 1000);
    expect((await seen('again@example.com')).status).toBe('PENDING');
    moveTo(sentAt + 7 * dayMs + 1000);
    expect(await seen('again@example.com')).toEqual({ status: 'EXPIRED', pending: 0, expired: 1 });
  });
});
