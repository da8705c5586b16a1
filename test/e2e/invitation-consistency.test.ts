import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { recordEvent } from '@gatehouse/shared';
import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { Invitation } from '../../subgraphs/invitations/src/modules/invitations/invitation.entity';
import { TestStack, startTestStack } from '../support/test-stack';
import { SubscriptionClients, settle, until } from '../support/subscription-clients';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fields = 'id email status role { id name } space { id } invitedBy { id email }';
const inviteMutation = `mutation($input: InviteTeammateInput!) { inviteTeammate(input: $input) { invitation { ${fields} } userErrors { code } } }`;
const resendMutation = `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { ${fields} } userErrors { code } } }`;
const revokeMutation = `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { id } userErrors { code } } }`;
const listQuery = `query($filter: InvitationFilter) { invitations(first: 50, filter: $filter) { totalCount edges { node { ${fields} } } } }`;
const changes = `subscription { invitationChanged { change invitation { id status role { id name } } } }`;
const auditQuery = `query($filter: AuditLogFilter) { auditLog(first: 100, filter: $filter) { edges { node { action actorType actorId targetId details } } } }`;
const invitationActions = ['INVITATION_SENT', 'INVITATION_RESENT', 'INVITATION_REVOKED', 'INVITATION_ACCEPTED'];

/**
 * Identity and access control delete roles, spaces and members, and add members, on their own:
 * the invitations subgraph follows their events (asynchronously, so the tests poll) and its
 * invitations never name what is gone, nor invite someone who is already in.
 */
describe('invitations stay consistent with what other subgraphs delete or add', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let superAdmin: SeededMember;
  let roles: Record<string, string>;
  let rows: Repository<Invitation>;
  let counter = 0;
  const address = (label: string) => `${label}.${(counter += 1)}@example.com`;
  const as = (member: SeededMember) => (query: string, variables: Json = {}) => t.gql(query, variables, member.token) as Promise<Json>;
  const ok = async (member: SeededMember, query: string, variables: Json) => {
    const response = await as(member)(query, variables);
    expect(response.errors).toBeUndefined();
    const payload = Object.values(response.data)[0] as Json;
    expect(payload.userErrors).toEqual([]);
    return payload;
  };
  const invited = async (input: Json, by = superAdmin) => (await ok(by, inviteMutation, { input })).invitation as Json;
  /** The invitations of the addresses as the list shows them (role, space and inviter resolved through the gateway). */
  const listed = async (...emails: string[]) => {
    const response = await as(superAdmin)(listQuery);
    expect(response.errors).toBeUndefined();
    const nodes = (response.data.invitations.edges as Json[]).map((e) => e.node);
    return emails.map((email) => nodes.find((n) => n.email === email));
  };
  /** Polls until `check` holds (events arrive after the mutation answered), then returns what it last saw. */
  const eventually = async <T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (check(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const statuses = (...emails: string[]) => listed(...emails).then((nodes) => nodes.map((n) => n?.status));
  const ws = new SubscriptionClients(() => t.stack.gatewayUrl);
  /** A live `invitationChanged` subscription of the member, opened and given time to reach the subgraph. */
  const watching = async (member: SeededMember) => {
    const watched = ws.watch(ws.connect({ token: member.token }), changes);
    await settle();
    return watched;
  };
  const noticesOf = (events: Json[], id: string) => events.map((e) => e.data.invitationChanged).filter((c: Json) => c.invitation.id === id);
  /** The audit log's invitation entries of one invitation, newest first. */
  const auditOf = async (invitationId: string): Promise<Json[]> => {
    const response = await as(superAdmin)(auditQuery, { filter: { actions: invitationActions, targetId: invitationId } });
    expect(response.errors).toBeUndefined();
    return response.data.auditLog.edges.map((e: Json) => e.node);
  };
  const createSpace = async (name: string) => (await ok(superAdmin, 'mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id } userErrors { code } } }', { input: { name } })).space.id as string;
  const archiveSpace = (spaceId: string) => ok(superAdmin, 'mutation($input: SpaceIdInput!) { archiveSpace(input: $input) { space { id } userErrors { code } } }', { input: { spaceId } });

  beforeAll(async () => {
    t = await startTestStack();
    rows = t.stack.apps.invitations.dataSource.getRepository(Invitation);
    acme = await t.seed.organization('Acme');
    superAdmin = acme.admin;
    roles = Object.fromEntries(await Promise.all(['ADMIN', 'EDITOR', 'VIEWER'].map(async (key) => [key, await acme.roleId(key)])));
  });
  afterAll(async () => {
    await ws.disposeAll();
    await t.stop();
  });

  const createRole = async (name: string) =>
    (await ok(superAdmin, 'mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id } userErrors { code } } }', { input: { name, grants: [{ area: 'DASHBOARD', level: 'READ' }] } })).role.id as string;
  const deleteRole = (roleId: string, reassignToRoleId?: string) =>
    ok(superAdmin, 'mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { deletedRoleId userErrors { code } } }', { input: { roleId, reassignToRoleId } });
  const setDefaultRole = (roleId: string) => ok(superAdmin, 'mutation($input: SetDefaultRoleInput!) { setDefaultRole(input: $input) { role { id } userErrors { code } } }', { input: { roleId } });

  it("a deleted role's invitations move to the role its members were reassigned to, revoked ones too", async () => {
    const reviewer = await createRole('Reviewer');
    const holder = await acme.member('VIEWER', 'Holly');
    await ok(superAdmin, 'mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: holder.accountId, roleId: reviewer } });
    const pending = await invited({ email: address('reviewer'), roleId: reviewer });
    const revoked = await invited({ email: address('revoked'), roleId: reviewer });
    await ok(superAdmin, revokeMutation, { input: { id: revoked.id } });
    const untouched = await invited({ email: address('viewer') });
    expect((await listed(pending.email))[0].role).toEqual({ id: reviewer, name: 'Reviewer' });

    await deleteRole(reviewer, roles.EDITOR);
    const [p, r, u] = await eventually(() => listed(pending.email, revoked.email, untouched.email), ([p]) => p?.role.id === roles.EDITOR);
    expect([p.role, p.status]).toEqual([{ id: roles.EDITOR, name: 'Editor' }, 'PENDING']);
    expect([r.role, r.status]).toEqual([{ id: roles.EDITOR, name: 'Editor' }, 'REVOKED']);
    expect(u.role).toEqual({ id: roles.VIEWER, name: 'Viewer' });
    expect(await rows.countBy({ roleId: reviewer })).toBe(0);
    // The role filter finds it under its new role, and it can be resent (its role exists).
    const byRole = await as(superAdmin)(listQuery, { filter: { roleId: roles.EDITOR, search: pending.email } });
    expect(byRole.data.invitations.edges.map((e: Json) => e.node.id)).toEqual([pending.id]);
    expect((await ok(superAdmin, resendMutation, { input: { id: pending.id } })).invitation.role.id).toBe(roles.EDITOR);
  });

  it("with nobody to reassign, they fall back to the organization's default role at the moment of deletion", async () => {
    const auditor = await createRole('Auditor');
    const invitation = await invited({ email: address('auditor'), roleId: auditor });
    await setDefaultRole(roles.EDITOR);
    try {
      // Nobody holds Auditor: the deletion needs (and records) no reassignment.
      await deleteRole(auditor);
      const [node] = await eventually(() => listed(invitation.email), ([n]) => n?.role.id !== auditor);
      expect([node.role, node.status]).toEqual([{ id: roles.EDITOR, name: 'Editor' }, 'PENDING']);
      expect((await rows.findOneByOrFail({ id: invitation.id })).roleId).toBe(roles.EDITOR);
    } finally {
      await setDefaultRole(roles.VIEWER);
    }
  });

  it('archiving a space closes its pending invitations, expired ones included; others stay; the address may be invited again', async () => {
    const marketing = await createSpace('Marketing');
    const sales = await createSpace('Sales');
    const intoMarketing = await invited({ email: address('mkt'), spaceId: marketing });
    const expired = await invited({ email: address('mktold'), spaceId: marketing });
    await rows.update({ id: expired.id }, { expiresAt: new Date(Date.now() - 1000) });
    const intoSales = await invited({ email: address('sales'), spaceId: sales });
    const orgWide = await invited({ email: address('org') });
    expect(await statuses(expired.email)).toEqual(['EXPIRED']);

    await archiveSpace(marketing);
    const seen = await eventually(() => statuses(intoMarketing.email, expired.email, intoSales.email, orgWide.email), ([m, e]) => m === 'REVOKED' && e === 'REVOKED');
    expect(seen).toEqual(['REVOKED', 'REVOKED', 'PENDING', 'PENDING']);
    const resent = await as(superAdmin)(resendMutation, { input: { id: intoMarketing.id } });
    expect(resent.data.resendInvitation.userErrors.map((e: Json) => e.code)).toEqual(['NOT_PENDING']);

    // Restoring the space does not reopen them; a new invitation of the address may be sent.
    await ok(superAdmin, 'mutation($input: SpaceIdInput!) { restoreSpace(input: $input) { space { id } userErrors { code } } }', { input: { spaceId: marketing } });
    const again = await eventually(() => as(superAdmin)(inviteMutation, { input: { email: intoMarketing.email, spaceId: marketing } }), (r) => r.data?.inviteTeammate.userErrors.length === 0);
    expect(again.data.inviteTeammate.userErrors).toEqual([]);
    expect(await rows.findOneByOrFail({ id: intoMarketing.id })).toMatchObject({ status: 'REVOKED', openEmail: null });
  });

  it("a deleted inviter's invitations stay listed and name no inviter; a resend makes the resender their inviter", async () => {
    const inviter = await acme.member('ADMIN', 'Ivy');
    const sent = await invited({ email: address('byivy') }, inviter);
    const other = await invited({ email: address('bysa') });
    expect((await listed(sent.email))[0].invitedBy).toEqual({ id: inviter.accountId, email: inviter.email });

    await ok(superAdmin, 'mutation($input: DeleteUserInput!) { deleteUser(input: $input) { deletedUserId userErrors { code } } }', { input: { userId: inviter.accountId } });
    const [s, o] = await eventually(() => listed(sent.email, other.email), ([s]) => s?.invitedBy === null);
    expect([s.status, s.invitedBy]).toEqual(['PENDING', null]);
    expect(o.invitedBy).toEqual({ id: superAdmin.accountId, email: superAdmin.email });
    expect(await rows.countBy({ invitedBy: inviter.accountId })).toBe(0);
    // Still listed, and it can be resent: the resender vouches for it from then on.
    expect((await ok(superAdmin, resendMutation, { input: { id: sent.id } })).invitation).toMatchObject({ status: 'PENDING', invitedBy: { id: superAdmin.accountId, email: superAdmin.email } });
  });

  it('a member an admin creates or a CSV import adds has their pending invitation closed; a self sign-up with the address does not close it', async () => {
    const created = await invited({ email: address('created') });
    const imported = await invited({ email: address('imported') });
    const selfSignUp = await invited({ email: address('selfsignup') });
    const bystander = await invited({ email: address('bystander') });

    // Someone signs up with the invited address (unconfirmed): the invitation is not theirs to cancel.
    await t.seed.signUp({ email: selfSignUp.email, name: 'Somebody' });
    await ok(superAdmin, 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }', { input: { email: created.email.toUpperCase(), name: 'Created', password: 'initial password' } });
    // Identity's events arrive in order: once the created member's invitation is closed, the sign-up before it was seen.
    expect((await eventually(() => statuses(created.email), ([c]) => c === 'REVOKED'))).toEqual(['REVOKED']);
    expect(await statuses(selfSignUp.email, bystander.email)).toEqual(['PENDING', 'PENDING']);

    await ok(superAdmin, 'mutation($input: ImportUsersInput!) { importUsers(input: $input) { import { status } userErrors { code } } }', { input: { csv: `email,name\n${imported.email},Imported\n${address('uninvited')},Uninvited\n` } });
    expect(await eventually(() => statuses(imported.email, bystander.email), ([i]) => i === 'REVOKED')).toEqual(['REVOKED', 'PENDING']);
  });

  it('a membership made by accepting an invitation (its event names the invitation) leaves that invitation to the acceptance', async () => {
    const accepting = await invited({ email: address('accepting') });
    const marker = await invited({ email: address('marker') });
    // What identity announces when an invitation is accepted: the membership names the invitation it came from.
    const identity = t.stack.apps.identity.dataSource;
    await identity.transaction((manager) =>
      recordEvent(manager, 'membership.created', { organizationId: acme.id, accountId: randomUUID(), status: 'ACTIVE', isFirstUser: false, email: accepting.email, invitationId: accepting.id }),
    );
    await ok(superAdmin, 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }', { input: { email: marker.email, name: 'Marker', password: 'initial password' } });
    expect(await eventually(() => statuses(marker.email), ([m]) => m === 'REVOKED')).toEqual(['REVOKED']);
    expect(await statuses(accepting.email)).toEqual(['PENDING']);
  });

  it("archiving a space announces each closed invitation as a revocation: one INVITATION_REVOKED entry with the archiving admin and SPACE_ARCHIVED, and a REVOKED notice to a watching admin", async () => {
    const inviter = await acme.member('ADMIN', 'Iris');
    const support = await createSpace('Support');
    const first = await invited({ email: address('support'), spaceId: support }, inviter);
    const second = await invited({ email: address('support'), spaceId: support }, inviter);
    const bystander = await invited({ email: address('bystander') }, inviter);
    const watched = await watching(superAdmin);

    await archiveSpace(support);
    const logged = await eventually(() => Promise.all([first.id, second.id].map(auditOf)), (entries) => entries.every((e) => e.length >= 2));
    for (const [invitation, entries] of [first, second].map((invitation, i) => [invitation, logged[i]] as const)) {
      // Newest first: the revocation, then the sending (by the inviter).
      expect(entries.map((e) => e.action)).toEqual(['INVITATION_REVOKED', 'INVITATION_SENT']);
      expect(entries[0]).toMatchObject({ actorType: 'USER', actorId: superAdmin.accountId, targetId: invitation.id, details: { email: invitation.email, spaceId: support, reason: 'SPACE_ARCHIVED' } });
    }
    await until(() => noticesOf(watched.events, first.id).length >= 1 && noticesOf(watched.events, second.id).length >= 1);
    await settle();
    for (const invitation of [first, second]) expect(noticesOf(watched.events, invitation.id)).toEqual([{ change: 'REVOKED', invitation: { id: invitation.id, status: 'REVOKED', role: { id: roles.VIEWER, name: 'Viewer' } } }]);
    expect(noticesOf(watched.events, bystander.id)).toEqual([]);
    expect(watched.errors).toEqual([]);
    // Told once: no second entry for either.
    expect((await Promise.all([first.id, second.id].map(auditOf))).map((entries) => entries.length)).toEqual([2, 2]);
  });

  it('an admin creating a member with an invited address announces that invitation as revoked (JOINED_OTHERWISE, the creating admin as actor)', async () => {
    const invitation = await invited({ email: address('joined') });
    const watched = await watching(superAdmin);
    await ok(superAdmin, 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }', { input: { email: invitation.email, name: 'Joined', password: 'initial password' } });
    const entries = await eventually(() => auditOf(invitation.id), (e) => e.length >= 2);
    expect(entries.map((e) => e.action)).toEqual(['INVITATION_REVOKED', 'INVITATION_SENT']);
    expect(entries[0]).toMatchObject({ actorType: 'USER', actorId: superAdmin.accountId, details: { email: invitation.email, spaceId: null, reason: 'JOINED_OTHERWISE' } });
    await until(() => noticesOf(watched.events, invitation.id).length >= 1);
    expect(noticesOf(watched.events, invitation.id).map((c) => [c.change, c.invitation.status])).toEqual([['REVOKED', 'REVOKED']]);
  });

  it('an invitation into a space archived before the invitations service heard of it cannot be resent: SPACE_NOT_FOUND, nothing changed', async () => {
    const archived = await createSpace('Legal');
    const invitation = await invited({ email: address('legal'), spaceId: archived });
    await archiveSpace(archived);
    // Access control knows the space is archived once a new invite into it is refused.
    const refusedInvite = await eventually(() => as(superAdmin)(inviteMutation, { input: { email: address('legal'), spaceId: archived } }), (r) => r.data?.inviteTeammate.userErrors.length > 0);
    expect(refusedInvite.data.inviteTeammate.userErrors).toEqual([{ code: 'SPACE_NOT_FOUND' }]);
    expect(await eventually(() => statuses(invitation.email), ([s]) => s === 'REVOKED')).toEqual(['REVOKED']);
    // The moment before the invitations service applies space.archived: the invitation is still pending.
    await rows.update({ id: invitation.id }, { status: 'PENDING', openEmail: invitation.email });
    const before = await rows.findOneByOrFail({ id: invitation.id });

    const resent = await as(superAdmin)(resendMutation, { input: { id: invitation.id } });
    expect(resent.errors).toBeUndefined();
    expect(resent.data.resendInvitation).toEqual({ invitation: null, userErrors: [{ code: 'SPACE_NOT_FOUND' }] });
    expect(await rows.findOneByOrFail({ id: invitation.id })).toEqual(before);
    expect((await auditOf(invitation.id)).map((e) => e.action)).toEqual(['INVITATION_REVOKED', 'INVITATION_SENT']);
  });

  it("a deleted role's invitations moving to another role are told to watching admins as ROLE_CHANGED, and audit nothing of their own", async () => {
    const translator = await createRole('Translator');
    const invitation = await invited({ email: address('translator'), roleId: translator });
    const watched = await watching(superAdmin);
    // Nobody holds it: the invitation falls back to the default role (Viewer).
    await deleteRole(translator);
    await until(() => noticesOf(watched.events, invitation.id).length >= 1, 10_000);
    await settle();
    expect(noticesOf(watched.events, invitation.id)).toEqual([{ change: 'ROLE_CHANGED', invitation: { id: invitation.id, status: 'PENDING', role: { id: roles.VIEWER, name: 'Viewer' } } }]);
    expect((await auditOf(invitation.id)).map((e) => e.action)).toEqual(['INVITATION_SENT']);
  });

  it('the directory (SCIM) provisioning an invited address revokes the invitation with the directory as actor', async () => {
    const invitation = await invited({ email: address('provisioned') });
    const created = await ok(superAdmin, 'mutation { createScimToken(input: { name: "Entra ID" }) { secret apiKey { id } userErrors { code } } }', {});
    const response = await fetch(new URL('/scim/v2/Users', t.stack.gatewayUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${created.secret}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: invitation.email, active: true, name: { givenName: 'Pro', familyName: 'Visioned' }, emails: [{ primary: true, value: invitation.email }] }),
    });
    expect(response.status).toBe(201);
    const entries = await eventually(() => auditOf(invitation.id), (e) => e.length >= 2);
    expect(entries[0]).toMatchObject({ action: 'INVITATION_REVOKED', actorType: 'DIRECTORY', actorId: created.apiKey.id, details: { reason: 'JOINED_OTHERWISE' } });
  });

  it("a role.deleted naming no replacement (an older access control's event) revokes the role's pending invitations, audited with ROLE_DELETED and the deleting admin", async () => {
    const archivist = await createRole('Archivist');
    const invitation = await invited({ email: address('archivist'), roleId: archivist });
    const accessControl = t.stack.apps['access-control'];
    await accessControl.dataSource.transaction((manager) =>
      recordEvent(manager, 'role.deleted', { organizationId: acme.id, actorId: superAdmin.accountId, name: 'Archivist', roleId: archivist, reassignedTo: null, affectedAccountIds: [] }),
    );
    await accessControl.relay.flush();
    const entries = await eventually(() => auditOf(invitation.id), (e) => e.length >= 2);
    expect(entries[0]).toMatchObject({ action: 'INVITATION_REVOKED', actorType: 'USER', actorId: superAdmin.accountId, details: { roleId: archivist, reason: 'ROLE_DELETED' } });
    expect(await statuses(invitation.email)).toEqual(['REVOKED']);
  });
});
