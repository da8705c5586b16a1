import { SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { FieldCandidates, createdId, inputsFor, mutationDocument, mutationShapes } from '../support/mutation-inputs';
import { TestStack, startTestStack } from '../support/test-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Grants = { grants: { area: string; level: string }[]; capabilities: string[] };

/**
 * Input fields through which a mutation can move someone's permissions: a member, a role, a profile,
 * a group, a unit, grants, a directory's users, a CSV, or an inquiry (whose request names a role or a
 * group for its author). Every mutation having one is tried (read from the schema, so a new operation
 * is covered the day it is added).
 */
const permissionFields = new Set(['userId', 'userIds', 'roleId', 'roleIds', 'profileId', 'groupId', 'unitId', 'grants', 'reassignToRoleId', 'users', 'csv', 'inquiryId']);
const permissionMoving = mutationShapes().filter((m) => m.fields.some((f) => permissionFields.has(f.name)));

const rank: Record<string, number> = { NONE: 0, ACCESS: 1, READ: 2, WRITE: 3 };
/** What `after` holds beyond `before`, as readable lines. */
function gained(before: Grants, after: Grants): string[] {
  const was = new Map(before.grants.map((g) => [g.area, g.level]));
  return [
    ...after.grants.filter((g) => rank[g.level] > rank[was.get(g.area) ?? 'NONE']).map((g) => `${g.area} ${g.level}`),
    ...after.capabilities.filter((c) => !before.capabilities.includes(c)),
  ];
}
/** Which of `held` the `actor` does not hold. */
const beyond = (actor: Grants, held: Grants) => gained(actor, held);

describe('no escalation through side paths', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  let bystander: SeededMember;
  const ids: Record<string, string> = {};
  const asOwner = (query: string, variables: Json = {}) => t.gql(query, variables, acme.admin.token);
  const permissionsOf = async (member: SeededMember): Promise<Grants> =>
    (await asOwner('query($id: ID!) { user(id: $id) { effectivePermissions { grants { area level } capabilities } } }', { id: member.accountId })).data!.user.effectivePermissions;
  const idOf = (mutation: string, path: string[]) => createdId(asOwner, mutation, path);

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Ada');
    bystander = await acme.member('VIEWER', 'Victor');
    ids.superAdminRole = await acme.roleId('SUPER_ADMIN');
    ids.editorRole = await acme.roleId('EDITOR');
    // A weak custom role the Admin holds (deleting it with a reassignment would change their roles).
    ids.helperRole = await idOf('mutation { createRole(input: { name: "Helper", grants: [{ area: PROMPTS, level: WRITE }] }) { role { id } } }', ['createRole', 'role', 'id']);
    await asOwner('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: admin.accountId, roleId: ids.helperRole } });
    // What the Admin lacks: a group granting Billing WRITE, linked to a hand-made unit and to a directory unit.
    ids.strongGroup = await idOf('mutation { createGroup(input: { name: "Finance", grants: [{ area: BILLING, level: WRITE }], capabilities: [SHARE_AGENTS] }) { group { id } } }', ['createGroup', 'group', 'id']);
    ids.strongUnit = await idOf('mutation { createOrganizationalUnit(input: { name: "Finance Dept" }) { unit { id } } }', ['createOrganizationalUnit', 'unit', 'id']);
    ids.strongSubunit = await idOf(`mutation { createOrganizationalUnit(input: { name: "Payroll", parentId: "${ids.strongUnit}" }) { unit { id } } }`, ['createOrganizationalUnit', 'unit', 'id']);
    await asOwner(`mutation { linkGroupUnit(input: { groupId: "${ids.strongGroup}", unitId: "${ids.strongUnit}" }) { userErrors { code } } }`);
    const synced = await asOwner('mutation { syncDirectory(input: { source: ENTRA_ID, units: [{ externalId: "ou-finance", name: "Finance (Entra)" }], users: [] }) { applied userErrors { code } } }');
    if (!synced.data?.syncDirectory.applied) throw new Error(`sync failed: ${JSON.stringify(synced)}`);
    const units = await asOwner('{ organizationalUnits { id externalId } }');
    ids.directoryUnit = units.data!.organizationalUnits.find((u: Json) => u.externalId === 'ou-finance').id;
    await asOwner(`mutation { linkGroupUnit(input: { groupId: "${ids.strongGroup}", unitId: "${ids.directoryUnit}" }) { userErrors { code } } }`);
    ids.strongProfile = await idOf(`mutation { createSecurityProfile(input: { name: "Everything", roleIds: ["${ids.superAdminRole}"] }) { profile { id } } }`, ['createSecurityProfile', 'profile', 'id']);
    // Inquiries asking for more than the Admin holds: the Admin's own, and the bystander's (each a role and a group).
    const ask = async (member: SeededMember, request: Json) => {
      const sent = await t.gql('mutation($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { id } userErrors { code } } }', { input: { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', title: 'More, please', message: 'Side path', ...request } }, member.token);
      const id = sent.data?.sendInquiry.inquiry?.id;
      if (!id) throw new Error(`fixture failed: ${JSON.stringify(sent)}`);
      return id as string;
    };
    ids.requests = JSON.stringify(await Promise.all([admin, bystander].flatMap((m) => [ask(m, { requestedRoleId: ids.superAdminRole }), ask(m, { requestedGroupId: ids.strongGroup })])));
    // The Admin and the bystander each sit in a weak group, so the organization's (strong) defaults do not apply to them.
    ids.adminGroup = await idOf('mutation { createGroup(input: { name: "Admins", grants: [{ area: PROMPTS, level: READ }] }) { group { id } } }', ['createGroup', 'group', 'id']);
    ids.bystanderGroup = await idOf('mutation { createGroup(input: { name: "Floor", grants: [{ area: PROMPTS, level: ACCESS }] }) { group { id } } }', ['createGroup', 'group', 'id']);
    await asOwner(`mutation { addGroupMembers(input: { groupId: "${ids.adminGroup}", userIds: ["${admin.accountId}"] }) { userErrors { code } } }`);
    await asOwner(`mutation { addGroupMembers(input: { groupId: "${ids.bystanderGroup}", userIds: ["${bystander.accountId}"] }) { userErrors { code } } }`);
    await asOwner('mutation { setDefaultPermissions(input: { grants: [{ area: BILLING, level: WRITE }] }) { userErrors { code } } }');
  });
  afterAll(() => t.stop());

  function candidates(mutation: string): FieldCandidates {
    const members = mutation === 'deleteUser' ? [admin] : [admin, bystander];
    return {
      userId: members.map((m) => m.accountId),
      userIds: members.map((m) => [m.accountId]),
      roleId: [ids.superAdminRole, ids.helperRole],
      roleIds: [[ids.superAdminRole]],
      profileId: [ids.strongProfile],
      groupId: [ids.strongGroup, ids.adminGroup, ids.bystanderGroup],
      unitId: [ids.strongUnit, ids.strongSubunit],
      grants: [[{ area: 'BILLING', level: 'WRITE' }]],
      reassignToRoleId: [ids.editorRole, ids.superAdminRole],
      name: ['Hostile'],
      email: [`hostile.${Date.now()}@example.com`],
      password: ['hostile password long'],
      status: ['ACTIVE'],
      source: ['ENTRA_ID'],
      units: [[{ externalId: 'ou-finance', name: 'Finance (Entra)' }]],
      users: [members.map((m, i) => ({ externalId: `hostile-${i}`, email: m.email, unitExternalIds: ['ou-finance'] }))],
      csv: [`email,name,lastName,role\nhostile.import.${Date.now()}@example.com,Hostile,Import,Super Admin\n`],
      dryRun: [false],
      resource: [{ type: 'AGENT', id: 'agent-1' }],
      visibility: ['PRIVATE'],
      entries: [[{ principalType: 'GROUP', principalId: ids.strongGroup, level: 'WRITE' }]],
      estimate: [1],
      requestId: [`side-path-${Date.now()}`],
      inquiryId: JSON.parse(ids.requests),
      body: ['Hostile reply'],
    };
  }

  it('an Admin gains nothing and changes their own permissions by no mutation, and hands nobody more than they hold', async () => {
    expect(permissionMoving.map((m) => m.name)).toEqual(expect.arrayContaining(['addUnitMember', 'deleteRole', 'removeGroupMembers', 'deleteGroup', 'linkGroupUnit', 'syncDirectory', 'setDefaultPermissions', 'updateSecurityProfile']));
    const adminBefore = await permissionsOf(admin);
    const bystanderBefore = await permissionsOf(bystander);
    expect(beyond(adminBefore, bystanderBefore)).toEqual([]);
    const changedAdmin: string[] = [];
    const overreached: string[] = [];
    let tried = 0;
    for (const shape of permissionMoving) {
      for (const input of inputsFor(shape, candidates(shape.name))) {
        tried += 1;
        await t.gql(mutationDocument(shape), { input }, admin.token);
        const adminNow = await permissionsOf(admin);
        if (gained(adminBefore, adminNow).length || gained(adminNow, adminBefore).length) changedAdmin.push(`${shape.name} ${JSON.stringify(input)}`);
        const bystanderNow = await permissionsOf(bystander);
        if (beyond(adminBefore, bystanderNow).length) overreached.push(`${shape.name} ${JSON.stringify(input)}: ${beyond(adminBefore, bystanderNow).join(', ')}`);
      }
    }
    // Unit memberships reach access control as events: look again once they have arrived.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect({ changedAdmin, overreached, finally: gained(adminBefore, await permissionsOf(admin)), bystander: beyond(adminBefore, await permissionsOf(bystander)) }).toEqual({ changedAdmin: [], overreached: [], finally: [], bystander: [] });
    const can = await t.gql('{ viewer { can(area: BILLING, level: WRITE) } }', {}, admin.token);
    expect(can.data!.viewer.can).toBe(false);
    expect(tried).toBeGreaterThan(permissionMoving.length);
    // Some tries were allowed and changed the organization (Helper became the default role): put it back.
    await asOwner(`mutation { setDefaultRole(input: { roleId: "${await acme.roleId('VIEWER')}" }) { userErrors { code } } }`);
  });

  it('adding yourself or another to a unit below one linked to a stronger group is refused (the reported side path)', async () => {
    const addUnitMember = 'mutation($input: UnitMemberInput!) { addUnitMember(input: $input) { userErrors { code } } }';
    const self = await t.gql(addUnitMember, { input: { unitId: ids.strongSubunit, userId: admin.accountId } }, admin.token);
    expect(self.data!.addUnitMember.userErrors.map((e: Json) => e.code)).toEqual(['SELF_PERMISSION_CHANGE']);
    const other = await t.gql(addUnitMember, { input: { unitId: ids.strongSubunit, userId: bystander.accountId } }, admin.token);
    expect(other.data!.addUnitMember.userErrors.map((e: Json) => e.code)).toEqual(['GROUP_EXCEEDS_OWN_PERMISSIONS']);
  });

  it('deleting a role you hold, with a reassignment, is refused as a change to your own permissions', async () => {
    const deleted = await t.gql('mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { userErrors { code } } }', { input: { roleId: ids.helperRole, reassignToRoleId: ids.editorRole } }, admin.token);
    expect(deleted.data!.deleteRole.userErrors.map((e: Json) => e.code)).toEqual(['SELF_PERMISSION_CHANGE']);
    const roles = await asOwner('query($id: ID!) { user(id: $id) { roles { name } } }', { id: admin.accountId });
    expect(roles.data!.user.roles.map((r: Json) => r.name)).toContain('Helper');
  });

  it('deleting a role with a reassignment writes one ROLE_CHANGE per member, from the deleted role to the new one', async () => {
    const temp = await idOf('mutation { createRole(input: { name: "Temp", grants: [{ area: PROMPTS, level: READ }] }) { role { id } } }', ['createRole', 'role', 'id']);
    const members = [await acme.member('VIEWER', 'Tia'), await acme.member('VIEWER', 'Tom')];
    for (const m of members) await asOwner('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: m.accountId, roleId: temp } });
    const deleted = await t.gql('mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { reassignedMembers userErrors { code } } }', { input: { roleId: temp, reassignToRoleId: ids.editorRole } }, admin.token);
    expect(deleted.data!.deleteRole).toEqual({ reassignedMembers: 2, userErrors: [] });
    for (const m of members) {
      let entries: Json[] = [];
      for (let i = 0; i < 50; i += 1) {
        const log = await asOwner('query($id: ID!) { auditLog(first: 10, filter: { targetId: $id, actions: [ROLE_CHANGE] }) { edges { node { details } } } }', { id: m.accountId });
        entries = log.data!.auditLog.edges.map((e: Json) => e.node.details);
        if (entries.some((d) => d.change === 'REASSIGNED')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const reassigned = entries.find((d) => d.change === 'REASSIGNED');
      expect(reassigned).toMatchObject({ roleName: 'Editor', rolesBefore: ['Temp', 'Viewer'], rolesAfter: ['Editor', 'Viewer'] });
    }
  });
});
