import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const invitationFields = 'id email status expiryDays role { id } space { id } invitedBy { id }';
const bulkMutation = `mutation($input: InviteTeammatesInput!) { inviteTeammates(input: $input) {
  created rows { row email status error { field code message } invitation { ${invitationFields} } } userErrors { field code message } } }`;
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { ${invitationFields} } userErrors { field code message } } }`;

describe('bulk invitations through the gateway', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let admin: SeededMember;
  let spaceAdmin: SeededMember;
  let member: SeededMember;
  let roles: Record<string, string>;
  let marketing: string;
  let rows: Repository<Invitation>;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;

  const as = (who: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, who.token) as Promise<Json>;
  const bulk = async (who: SeededMember, input: Json) => {
    const response = await as(who)(bulkMutation, { input });
    expect(response.errors).toBeUndefined();
    return response.data.inviteTeammates as Json;
  };
  const codes = (payload: Json) => payload.rows.map((r: Json) => r.error?.code ?? r.status);
  const snapshot = async () => (await rows.find({ order: { id: 'ASC' } })).map((r) => ({ ...r, sentAt: r.sentAt.getTime(), expiresAt: r.expiresAt.getTime() }));

  beforeAll(async () => {
    // 1,000 invitations in one request: on MariaDB with every suite running beside it this can outlast the 10 s
    // default subgraph timeout (it is about the rows' rules; the bench times it), so the gateway waits longer here.
    t = await startTestStack({ OUTBOX_POLL_MS: '600000', SUBGRAPH_TIMEOUT_MS: '30000' });
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    admin = await acme.member('ADMIN', 'Ada');
    spaceAdmin = await acme.member(null, 'Sarah');
    member = await acme.member('EDITOR', 'Eddie');
    roles = Object.fromEntries(await Promise.all(['SUPER_ADMIN', 'ADMIN', 'EDITOR', 'VIEWER'].map(async (key) => [key, await acme.roleId(key)])));
    const created = await as(acme.admin)('mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } } }', { input: { name: 'Marketing' } });
    marketing = created.data.createSpace.space.id;
    const assigned = await as(acme.admin)('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: spaceAdmin.accountId, roleId: roles.ADMIN, spaceId: marketing } });
    expect(assigned.data.assignRole.userErrors).toEqual([]);
  });
  afterAll(() => t.stop());

  it('invites a list: one report per row with its invitation, default role, named role and space', async () => {
    const emails = [address('list'), address('list'), address('list')];
    const payload = await bulk(admin, { invitations: [{ email: emails[0].toUpperCase() }, { email: emails[1], roleId: roles.EDITOR }, { email: emails[2], roleId: roles.EDITOR, spaceId: marketing }] });
    expect(payload.userErrors).toEqual([]);
    expect(payload.created).toBe(3);
    expect(payload.rows).toEqual([
      { row: 1, email: emails[0], status: 'INVITED', error: null, invitation: expect.objectContaining({ email: emails[0], status: 'PENDING', expiryDays: 7, role: { id: roles.VIEWER }, space: null, invitedBy: { id: admin.accountId } }) },
      { row: 2, email: emails[1], status: 'INVITED', error: null, invitation: expect.objectContaining({ role: { id: roles.EDITOR }, space: null }) },
      { row: 3, email: emails[2], status: 'INVITED', error: null, invitation: expect.objectContaining({ role: { id: roles.EDITOR }, space: { id: marketing } }) },
    ]);
    const stored = await rows.findBy(emails.map((email) => ({ email, organizationId: acme.id })));
    expect(stored.map((r) => r.id).sort()).toEqual(payload.rows.map((r: Json) => r.invitation.id).sort());
    expect(new Set(stored.map((r) => r.tokenHash)).size).toBe(3);
  });

  it('checks every row first and creates nothing when any row is invalid, reporting each rule', async () => {
    const pendingInvite = address('pending');
    expect((await bulk(admin, { invitations: [{ email: pendingInvite }] })).created).toBe(1);
    const pendingMember = await t.seed.signUp({ name: 'Pending' }); // joins Acme, the primary organization, as PENDING
    const valid = address('valid');
    const duplicate = address('dup');
    const before = await snapshot();
    const payload = await bulk(admin, {
      invitations: [
        { email: valid },
        { email: 'not an address' },
        { email: duplicate },
        { email: ` ${duplicate.toUpperCase()}` },
        { email: member.email },
        { email: pendingMember.email },
        { email: pendingInvite },
        { email: address('role'), roleId: randomUUID() },
        { email: address('role'), roleId: await globex.roleId('VIEWER') },
        { email: address('space'), spaceId: randomUUID() },
        { email: address('boss'), roleId: roles.SUPER_ADMIN },
      ],
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.created).toBe(0);
    expect(codes(payload)).toEqual(['VALID', 'INVALID_EMAIL', 'VALID', 'DUPLICATE_IN_LIST', 'ALREADY_MEMBER', 'ALREADY_MEMBER', 'ALREADY_INVITED', 'ROLE_NOT_FOUND', 'ROLE_NOT_FOUND', 'SPACE_NOT_FOUND', 'ROLE_EXCEEDS_OWN_PERMISSIONS']);
    expect(payload.rows.map((r: Json) => r.row)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(payload.rows.filter((r: Json) => r.error).every((r: Json) => r.status === 'INVALID' && r.invitation === null && r.error.message.length > 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('takes Team Members WRITE in each row\'s scope: a space admin invites into their space only', async () => {
    const before = await snapshot();
    const refused = await bulk(spaceAdmin, { invitations: [{ email: address('mkt'), spaceId: marketing, roleId: roles.EDITOR }, { email: address('org') }, { email: address('boss'), spaceId: marketing, roleId: roles.SUPER_ADMIN }] });
    expect(codes(refused)).toEqual(['VALID', 'INVITING_NOT_ALLOWED', 'ROLE_EXCEEDS_OWN_PERMISSIONS']);
    // Without WRITE in the row's scope the address is not looked at: a member's address answers the same.
    const member_ = await bulk(spaceAdmin, { invitations: [{ email: member.email }] });
    expect(codes(member_)).toEqual(['INVITING_NOT_ALLOWED']);
    expect(await snapshot()).toEqual(before);
    const allowed = await bulk(spaceAdmin, { invitations: [{ email: address('mkt'), spaceId: marketing, roleId: roles.EDITOR }] });
    expect(allowed).toMatchObject({ created: 1, rows: [{ status: 'INVITED', invitation: { space: { id: marketing }, role: { id: roles.EDITOR } } }] });
  });

  it('validates a dry run like the real one and creates nothing', async () => {
    const before = await snapshot();
    const good = await bulk(admin, { dryRun: true, invitations: [{ email: address('dry') }, { email: address('dry'), roleId: roles.EDITOR }] });
    expect({ created: good.created, codes: codes(good), invitations: good.rows.map((r: Json) => r.invitation) }).toEqual({ created: 0, codes: ['VALID', 'VALID'], invitations: [null, null] });
    const bad = await bulk(admin, { dryRun: true, invitations: [{ email: address('dry') }, { email: member.email }] });
    expect(codes(bad)).toEqual(['VALID', 'ALREADY_MEMBER']);
    expect(await snapshot()).toEqual(before);
  });

  it('reads a CSV: header email, role, space in any order; role by name, key or id, space by name or id; rows are lines', async () => {
    const e = [address('csv'), address('csv'), address('csv'), address('csv')];
    const csv = [`space,EMAIL,role`, `marketing,${e[0]},Editor`, `,${e[1]},viewer`, `${marketing},"${e[2]}",${roles.EDITOR}`, '', `,${e[3]},`].join('\r\n');
    const payload = await bulk(admin, { csv });
    expect(payload.userErrors).toEqual([]);
    expect(payload.rows.map((r: Json) => [r.row, r.email, r.status, r.invitation?.role.id, r.invitation?.space?.id ?? null])).toEqual([
      [2, e[0], 'INVITED', roles.EDITOR, marketing],
      [3, e[1], 'INVITED', roles.VIEWER, null],
      [4, e[2], 'INVITED', roles.EDITOR, marketing],
      [6, e[3], 'INVITED', roles.VIEWER, null],
    ]);
    const before = await snapshot();
    const bad = await bulk(admin, { csv: `email,role,space\n${address('csv')},Nobody,\n${address('csv')},,Nowhere\n${address('csv')},Editor\n${address('csv')},,` });
    expect(codes(bad)).toEqual(['ROLE_NOT_FOUND', 'SPACE_NOT_FOUND', 'INVALID_BULK_INPUT', 'VALID']);
    expect(bad.rows.map((r: Json) => r.row)).toEqual([2, 3, 4, 5]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers a malformed request with a userError and creates nothing', async () => {
    const before = await snapshot();
    const cases: [Json, string, string[]][] = [
      [{}, 'INVALID_BULK_INPUT', ['input']],
      [{ invitations: [{ email: address('x') }], csv: 'email\nx@example.com' }, 'INVALID_BULK_INPUT', ['input']],
      [{ invitations: [] }, 'INVALID_BULK_INPUT', ['input', 'invitations']],
      [{ csv: '' }, 'INVALID_BULK_INPUT', ['input', 'csv']],
      [{ csv: 'email,name\na@example.com,A' }, 'INVALID_BULK_INPUT', ['input', 'csv']],
      [{ csv: 'role\nEditor' }, 'INVALID_BULK_INPUT', ['input', 'csv']],
      [{ csv: 'email\n' }, 'INVALID_BULK_INPUT', ['input', 'csv']],
      [{ invitations: Array.from({ length: 1001 }, (_, i) => ({ email: `over${i}@example.com` })) }, 'TOO_MANY_ROWS', ['input', 'invitations']],
      [{ csv: ['email', ...Array.from({ length: 1001 }, (_, i) => `over${i}@example.com`)].join('\n') }, 'TOO_MANY_ROWS', ['input', 'csv']],
    ];
    for (const [input, code, field] of cases) {
      const payload = await bulk(admin, input);
      expect({ input: JSON.stringify(input).slice(0, 80), payload }).toEqual({ input: JSON.stringify(input).slice(0, 80), payload: { created: 0, rows: [], userErrors: [{ field, code, message: expect.any(String) }] } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('invites an address with an account in another organization exactly like a fresh one (no oracle), single and bulk', async () => {
    const elsewhere = globex.admin; // an account, in Globex only
    const fresh = address('fresh');
    const shape = (payload: Json) => ({ ...payload, invitation: payload.invitation && { ...payload.invitation, id: 'id', email: 'email' } });
    const single = await as(admin)(inviteMutation, { input: { email: elsewhere.email } });
    const control = await as(admin)(inviteMutation, { input: { email: fresh } });
    expect(single.data.inviteTeammate.userErrors).toEqual([]);
    expect(shape(single.data.inviteTeammate)).toEqual(shape(control.data.inviteTeammate));
    const revoked = await as(admin)('mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { userErrors { code } } }', { input: { id: single.data.inviteTeammate.invitation.id } });
    expect(revoked.data.revokeInvitation.userErrors).toEqual([]);
    const rowsOf = (payload: Json) => payload.rows.map((r: Json) => ({ ...r, email: 'email', invitation: r.invitation && { ...r.invitation, id: 'id', email: 'email' } }));
    const bulkElsewhere = await bulk(admin, { invitations: [{ email: elsewhere.email }] });
    const bulkFresh = await bulk(admin, { invitations: [{ email: address('fresh') }] });
    expect(bulkElsewhere.created).toBe(1);
    expect(rowsOf(bulkElsewhere)).toEqual(rowsOf(bulkFresh));
    // A member of Acme is refused, single as well as bulk.
    const single2 = await as(admin)(inviteMutation, { input: { email: member.email.toUpperCase() } });
    expect(single2.data.inviteTeammate).toEqual({ invitation: null, userErrors: [{ field: ['input', 'email'], code: 'ALREADY_MEMBER', message: expect.any(String) }] });
  });

  it('invites 1,000 addresses in one request (the bench times it)', async () => {
    const org = await t.seed.organization('Initech');
    const invitations = Array.from({ length: 1000 }, (_, i) => ({ email: `thousand${i}@initech.example` }));
    const payload = await bulk(org.admin, { invitations });
    expect(payload.userErrors).toEqual([]);
    expect(payload.created).toBe(1000);
    expect(payload.rows.every((r: Json, i: number) => r.status === 'INVITED' && r.row === i + 1 && r.invitation.email === invitations[i].email)).toBe(true);
    expect(await rows.countBy({ organizationId: org.id, status: 'PENDING' })).toBe(1000);
  });

  it('ends with one open invitation when a bulk invite and single invites of the same address run at once', async () => {
    const org = await t.seed.organization('Hooli');
    const contested = 'contested@hooli.example';
    const invitations = [...Array.from({ length: 200 }, (_, i) => ({ email: `crowd${i}@hooli.example` })), { email: contested }];
    const [bulkAnswer, ...singles] = await Promise.all([bulk(org.admin, { invitations }), ...Array.from({ length: 10 }, () => as(org.admin)(inviteMutation, { input: { email: contested } }))]);
    const sentSingles = singles.filter((s) => s.data.inviteTeammate.userErrors.length === 0).length;
    expect(singles.every((s) => s.data.inviteTeammate.userErrors.every((e: Json) => e.code === 'ALREADY_INVITED'))).toBe(true);
    const open = await rows.countBy({ organizationId: org.id, openEmail: contested });
    expect(open).toBe(1);
    // Either the bulk invite won (and every single one was refused) or a single one did (and the bulk created nothing).
    if (bulkAnswer.created) expect(sentSingles).toBe(0);
    else {
      expect(sentSingles).toBe(1);
      expect(codes(bulkAnswer).at(-1)).toBe('ALREADY_INVITED');
      expect(await rows.countBy({ organizationId: org.id })).toBe(1);
    }
  });
});
